/**
 * The key that identifies a provider-native record, read from the record itself: what the
 * scenario reports for every record it iterated and what the orchestrator computes from the
 * emulator's own data set, so the two can be compared without trusting the SDK's normalization.
 * MIXvoip records carry no id, so theirs is their content (equal records count as a multiset).
 *
 * Plain ESM with no imports: it runs inside every runtime of the matrix and in the orchestrator.
 */
export const nativeKeys = {
  telecmi: (record) => String(record._id),
  boxis: (record) => String(record.uniqueid),
  mixvoip: ({ type, data }) =>
    [type, data.source, data.destination, data.call_start, data.duration, data.invoice].map(String).join('|'),
  iping: (record) => String(record.item_id),
  nimblevox: (record) => String(record.id),
};
