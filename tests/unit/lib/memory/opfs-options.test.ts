/** `OpfsStore.open` refuses a `reads` it does not know before touching OPFS (none here in Node). */
import { describe, expect, it } from 'vitest';
import { type OpfsReads, OpfsStore } from '../../../../src/lib/memory/stores/opfs-store.ts';

describe('OpfsStore.open options', () => {
  it('names the allowed reads when given another', async () => {
    await expect(OpfsStore.open('cache', { reads: 'fast' as OpfsReads })).rejects.toThrow(
      "Expected `reads` to be 'auto', 'sync' or 'snapshot', got \"fast\"",
    );
  });
});
