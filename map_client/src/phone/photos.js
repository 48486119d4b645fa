// Photos are made smaller on the phone before they are queued: a phone camera's 12-megapixel JPEG
// is 4-8 MB, the server accepts 4 MB and a weak mobile link takes minutes for it. The longest side
// becomes at most 1600 px, re-encoded as JPEG at quality 0.8 (~200-500 kB), orientation applied.
export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

/** Width and height that fit `max` on the longest side, never enlarged. */
export function fitWithin(width, height, max = MAX_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(file) {
  if (typeof createImageBitmap === 'function') {
    try {
      return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      /* older engines: the <img> path below */
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A JPEG Blob of `file` fitting MAX_SIDE; refuses what is not an image. */
export async function resizePhoto(file, { max = MAX_SIDE, quality = QUALITY } = {}) {
  if (!file || !String(file.type).startsWith('image/')) throw new Error('not an image');
  const image = await decode(file);
  const { width, height } = fitWithin(image.width, image.height, max);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(image, 0, 0, width, height);
  if (typeof image.close === 'function') image.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('could not encode the photo');
  return blob;
}

export function photoName(file, index) {
  const base = String((file && file.name) || `photo-${index + 1}`).replace(/\.[^.]*$/, '');
  return `${base || `photo-${index + 1}`}.jpg`;
}
