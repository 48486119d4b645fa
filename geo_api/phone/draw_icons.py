"""Draws the phone app's icons (static/phone/icons/*.png) with Pillow: a navy tile with an orange
map pin and a white cross. Run once after changing the design (the PNGs are committed):
.venv/bin/python geo_api/phone/draw_icons.py (Pillow is in requirements.txt)."""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).parent / "static" / "phone" / "icons"
NAVY, ORANGE, WHITE = (11, 31, 58, 255), (255, 122, 26, 255), (255, 255, 255, 255)


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    scale = 4  # drawn large and scaled down: smooth edges without antialiasing primitives
    s = size * scale
    image = Image.new("RGBA", (s, s), NAVY if maskable else (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    if not maskable:
        d.rounded_rectangle([0, 0, s - 1, s - 1], radius=s // 5, fill=NAVY)
    inset = s * (0.2 if maskable else 0.12)  # maskable icons keep their content in the safe zone
    w = s - 2 * inset
    cx, top = s / 2, inset + w * 0.05
    r = w * 0.3
    # The pin: a circle on top of a triangle pointing down.
    d.ellipse([cx - r, top, cx + r, top + 2 * r], fill=ORANGE)
    d.polygon([(cx - r * 0.86, top + r * 1.5), (cx + r * 0.86, top + r * 1.5), (cx, inset + w * 0.95)], fill=ORANGE)
    # The cross inside the pin's head.
    arm, thick = r * 0.62, r * 0.22
    cy = top + r
    d.rectangle([cx - thick, cy - arm, cx + thick, cy + arm], fill=WHITE)
    d.rectangle([cx - arm, cy - thick, cx + arm, cy + thick], fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for n in (192, 512):
        draw(n).save(OUT / f"icon-{n}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    print("wrote", sorted(p.name for p in OUT.glob("*.png")))
