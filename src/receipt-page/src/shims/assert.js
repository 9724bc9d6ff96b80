// circomlibjs imports Node's assert; in the browser a failed assertion is an error like any other.
export default function assert(condition, message) {
  if (!condition) throw new Error(message ?? 'assertion failed');
}
