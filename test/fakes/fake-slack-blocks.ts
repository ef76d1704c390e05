// The Block Kit checks the fake Slack API applies, as Slack does: a bad payload gets invalid_blocks
// (or invalid_blocks_format when it is not an array of objects). Lengths are counted in UTF-16 units,
// which is never more lenient than Slack's own count.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function textObject(value: unknown, max: number, types: readonly string[]): boolean {
  if (!isObject(value)) return false;
  if (typeof value.type !== 'string' || !types.includes(value.type)) return false;
  return typeof value.text === 'string' && value.text.length >= 1 && value.text.length <= max;
}

function blockOk(block: unknown): boolean {
  if (!isObject(block)) return false;
  switch (block.type) {
    case 'header':
      return textObject(block.text, 150, ['plain_text']);
    case 'section': {
      const hasText = block.text !== undefined;
      const hasFields = block.fields !== undefined;
      if (!hasText && !hasFields) return false;
      if (hasText && !textObject(block.text, 3000, ['mrkdwn', 'plain_text'])) return false;
      if (hasFields) {
        if (!Array.isArray(block.fields) || block.fields.length < 1 || block.fields.length > 10) return false;
        if (!block.fields.every((f) => textObject(f, 2000, ['mrkdwn', 'plain_text']))) return false;
      }
      return true;
    }
    case 'context':
      return (
        Array.isArray(block.elements) &&
        block.elements.length >= 1 &&
        block.elements.length <= 10 &&
        block.elements.every((e) => textObject(e, 3000, ['mrkdwn', 'plain_text']))
      );
    case 'divider':
      return true;
    default:
      return false;
  }
}

/** Null when the blocks are acceptable, else the Slack error code. */
export function blocksProblem(blocks: unknown): string | null {
  if (!Array.isArray(blocks) || !blocks.every(isObject)) return 'invalid_blocks_format';
  if (blocks.length > 50) return 'invalid_blocks';
  return blocks.every(blockOk) ? null : 'invalid_blocks';
}
