/** Largest body the client reads, in bytes; Cativa's answers are a few hundred bytes. */
export const MAX_BODY_BYTES = 1_048_576;

/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes` so that a misbehaving server cannot
 * make the client buffer without bound. A body cut short is returned truncated (it then fails to
 * parse, which is reported as a bad answer).
 */
export async function readBodyText(response: Response, maxBytes = MAX_BODY_BYTES): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - bytes;
    bytes += value.byteLength;
    text += decoder.decode(value.subarray(0, Math.max(room, 0)), { stream: true });
    if (bytes >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  return text + decoder.decode();
}

/** Frees the connection of an answer whose body the client does not need. */
export async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to do: the body was only being thrown away.
  }
}
