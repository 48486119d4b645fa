"""The registry has no tables of its own. This module exists so that Django sends `post_migrate`
to this app (it skips apps without a models module): the slim `layer_*` views are rebuilt from the
registry at the end of every `migrate`, on an empty database too."""
