import 'server-only';

/**
 * Width and height read from a PNG or JPEG header, without decoding pixels, so oversized images
 * can be refused before an OCR engine tries to allocate them. Null when the header is unreadable.
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG: signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4).
  if (bytes.length >= 24 && dv.getUint32(0) === 0x89504e47 && dv.getUint32(12) === 0x49484452) {
    return { width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes, dv);
  return null;
}

function jpegSize(bytes: Uint8Array, dv: DataView): { width: number; height: number } | null {
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1]!;
    // Fill bytes and markers without a length (RST, SOI, TEM) carry no segment.
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += 2;
      continue;
    }
    const length = dv.getUint16(p + 2);
    // SOF0–SOF15 hold the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 9 > bytes.length) return null;
      return { height: dv.getUint16(p + 5), width: dv.getUint16(p + 7) };
    }
    p += 2 + length;
  }
  return null;
}
