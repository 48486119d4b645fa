"""The base of every model with a workflow-owned state field (a protected django-fsm FSMField)."""
from django.core.exceptions import ValidationError
from django_fsm import FSMFieldMixin, FSMModelMixin


class StateMachineModel(FSMModelMixin):
    """refresh_from_db works (FSMModelMixin), and so does full_clean: Django's clean_fields assigns
    every cleaned value back, which a protected state field refuses; here the state is validated
    (a known value) without being assigned, so ModelForms, the admin and generic edits can validate
    the other fields of the row as usual."""

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        states = [f for f in self._meta.concrete_fields
                  if isinstance(f, FSMFieldMixin) and f.protected and f.name not in exclude]
        errors = {}
        try:
            super().clean_fields(exclude=exclude | {f.name for f in states})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in states:
            try:
                field.clean(getattr(self, field.attname), self)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)
