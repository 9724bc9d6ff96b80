namespace ZkSummarize.Solana.Transactions;

/// <summary>
/// Orders and deduplicates a message's accounts the way @solana/web3.js compiles messages (CompiledKeys):
/// the fee payer first, then in first-use order within each class: writable signers, read-only signers,
/// writable non-signers, read-only non-signers. A key used several times gets the union of its flags.
/// </summary>
internal sealed class AccountKeyCompiler
{
    private readonly List<PublicKey> _order = [];
    private readonly Dictionary<PublicKey, KeyFlags> _flags = [];

    public AccountKeyCompiler(PublicKey feePayer, IEnumerable<TransactionInstruction> instructions)
    {
        Merge(feePayer, isSigner: true, isWritable: true, isInvoked: false);
        foreach (var instruction in instructions)
        {
            Merge(instruction.ProgramId, isSigner: false, isWritable: false, isInvoked: true);
            foreach (var meta in instruction.Accounts)
            {
                Merge(meta.PublicKey, meta.IsSigner, meta.IsWritable, isInvoked: false);
            }
        }
    }

    private void Merge(PublicKey key, bool isSigner, bool isWritable, bool isInvoked)
    {
        if (!_flags.TryGetValue(key, out var flags))
        {
            _order.Add(key);
        }

        _flags[key] = new KeyFlags(flags.IsSigner || isSigner, flags.IsWritable || isWritable, flags.IsInvoked || isInvoked);
    }

    /// <summary>Moves the non-signer, non-program keys found in <paramref name="table"/> out of the static list.</summary>
    public MessageAddressTableLookup? ExtractLookup(AddressLookupTableAccount table, List<PublicKey> writable, List<PublicKey> readOnly)
    {
        var writableIndexes = Drain(table, f => !f.IsSigner && !f.IsInvoked && f.IsWritable, writable);
        var readonlyIndexes = Drain(table, f => !f.IsSigner && !f.IsInvoked && !f.IsWritable, readOnly);
        return writableIndexes.Length == 0 && readonlyIndexes.Length == 0
            ? null
            : new MessageAddressTableLookup(table.Key, writableIndexes, readonlyIndexes);
    }

    private byte[] Drain(AddressLookupTableAccount table, Func<KeyFlags, bool> eligible, List<PublicKey> drained)
    {
        var indexes = new List<byte>();
        foreach (var key in _order.ToArray())
        {
            if (!eligible(_flags[key]))
            {
                continue;
            }

            var index = IndexOf(table.Addresses, key);
            if (index < 0)
            {
                continue;
            }

            if (index > byte.MaxValue)
            {
                throw new InvalidOperationException($"Lookup table {table.Key} holds {key} at index {index}; only the first 256 entries can be used.");
            }

            indexes.Add((byte)index);
            drained.Add(key);
            _order.Remove(key);
            _flags.Remove(key);
        }

        return [.. indexes];
    }

    private static int IndexOf(IReadOnlyList<PublicKey> list, PublicKey key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The static account keys in wire order, and the header that describes them.</summary>
    public (List<PublicKey> Keys, MessageHeader Header) Compile()
    {
        IEnumerable<PublicKey> Where(bool signer, bool writable) =>
            _order.Where(k => _flags[k].IsSigner == signer && _flags[k].IsWritable == writable);

        var keys = Where(true, true).Concat(Where(true, false)).Concat(Where(false, true)).Concat(Where(false, false)).ToList();
        var signers = _order.Count(k => _flags[k].IsSigner);
        var readonlySigners = Where(true, false).Count();
        var readonlyNonSigners = Where(false, false).Count();
        if (signers > byte.MaxValue || keys.Count > 256)
        {
            throw new InvalidOperationException($"A message can reference at most 256 accounts; this one has {keys.Count}.");
        }

        return (keys, new MessageHeader((byte)signers, (byte)readonlySigners, (byte)readonlyNonSigners));
    }

    private readonly record struct KeyFlags(bool IsSigner, bool IsWritable, bool IsInvoked);
}
