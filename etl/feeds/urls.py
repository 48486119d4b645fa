from django.urls import path

from . import apis

urlpatterns = [
    path("feeds/", apis.FeedListApi.as_view(), name="feeds-status"),
    path("feeds/messages/<int:message_id>/", apis.FeedMessageDetailApi.as_view(), name="feeds-message"),
    path("feeds/messages/<int:message_id>/replay/", apis.FeedMessageReplayApi.as_view(), name="feeds-replay"),
    path("feeds/<str:feed>/messages/", apis.FeedMessagesApi.as_view(), name="feeds-messages"),
    path("feeds/<str:feed>/pull/", apis.FeedPullApi.as_view(), name="feeds-pull"),
]
