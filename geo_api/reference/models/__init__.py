from .cameras import Camera
from .districts import District

__all__ = ["Camera", "District"]
