"""The desk: server-rendered workflow pages (Django templates + htmx) under one shell."""
