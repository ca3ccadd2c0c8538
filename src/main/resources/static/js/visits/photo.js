// Photos are downscaled on the device before they are kept: a phone photo of several megabytes
// becomes a JPEG of at most 1280 px on its long side. The picture waits on the device until the
// next sync uploads it (a canvas JPEG carries no location; the server removes metadata anyway).

export const LONG_SIDE = 1280;

export async function downscale(file, longSide = LONG_SIDE) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
  return { blob, width, height };
}
