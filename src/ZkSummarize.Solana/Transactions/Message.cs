namespace ZkSummarize.Solana.Transactions;

/// <summary>
/// A transaction message (legacy or v0): header, account keys, recent blockhash, compiled instructions and,
/// for v0, address table lookups. <see cref="Serialize"/> gives the bytes that signers sign.
/// </summary>
public sealed class Message
{
    private const byte VersionPrefixMask = 0x80;

    public Message(
        TransactionVersion version,
        MessageHeader header,
        IReadOnlyList<PublicKey> accountKeys,
        string recentBlockhash,
        IReadOnlyList<CompiledInstruction> instructions,
        IReadOnlyList<MessageAddressTableLookup>? addressTableLookups = null)
    {
        Version = version;
        Header = header;
        AccountKeys = accountKeys;
        RecentBlockhash = recentBlockhash;
        Instructions = instructions;
        AddressTableLookups = addressTableLookups ?? [];
        if (version == TransactionVersion.Legacy && AddressTableLookups.Count > 0)
        {
            throw new ArgumentException("Legacy messages cannot use address lookup tables; use v0.", nameof(addressTableLookups));
        }
    }

    public TransactionVersion Version { get; }

    public MessageHeader Header { get; }

    /// <summary>The static account keys; signers first.</summary>
    public IReadOnlyList<PublicKey> AccountKeys { get; }

    /// <summary>Base58 blockhash that dates the message.</summary>
    public string RecentBlockhash { get; }

    public IReadOnlyList<CompiledInstruction> Instructions { get; }

    public IReadOnlyList<MessageAddressTableLookup> AddressTableLookups { get; }

    /// <summary>The fee payer: the first account.</summary>
    public PublicKey FeePayer => AccountKeys[0];

    /// <summary>The accounts that must sign, in signature order.</summary>
    public IEnumerable<PublicKey> Signers => AccountKeys.Take(Header.NumRequiredSignatures);

    /// <summary>True when the static account at <paramref name="index"/> signs.</summary>
    public bool IsSigner(int index) => index < Header.NumRequiredSignatures;

    /// <summary>True when the static account at <paramref name="index"/> is writable.</summary>
    public bool IsWritable(int index) => index < Header.NumRequiredSignatures
        ? index < Header.NumRequiredSignatures - Header.NumReadonlySignedAccounts
        : index < AccountKeys.Count - Header.NumReadonlyUnsignedAccounts;

    /// <summary>
    /// Compiles instructions into a message with the same account order as @solana/web3.js, so that the
    /// bytes are identical to what other clients produce. Lookup tables apply to v0 only.
    /// </summary>
    public static Message Compile(
        PublicKey feePayer,
        IEnumerable<TransactionInstruction> instructions,
        string recentBlockhash,
        TransactionVersion version = TransactionVersion.Legacy,
        IReadOnlyList<AddressLookupTableAccount>? lookupTables = null)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        ValidateBlockhash(recentBlockhash);
        var list = instructions.ToList();
        var compiler = new AccountKeyCompiler(feePayer, list);
        var lookups = new List<MessageAddressTableLookup>();
        var loadedWritable = new List<PublicKey>();
        var loadedReadonly = new List<PublicKey>();
        if (lookupTables is { Count: > 0 })
        {
            if (version == TransactionVersion.Legacy)
            {
                throw new ArgumentException("Address lookup tables need a v0 message.", nameof(lookupTables));
            }

            foreach (var table in lookupTables)
            {
                if (compiler.ExtractLookup(table, loadedWritable, loadedReadonly) is { } lookup)
                {
                    lookups.Add(lookup);
                }
            }
        }

        var (keys, header) = compiler.Compile();
        var allKeys = keys.Concat(loadedWritable).Concat(loadedReadonly).ToList();
        var index = new Dictionary<PublicKey, byte>();
        for (var i = 0; i < allKeys.Count; i++)
        {
            index[allKeys[i]] = (byte)i;
        }

        var compiled = list.Select(ix => new CompiledInstruction(
            index[ix.ProgramId],
            ix.Accounts.Select(a => index[a.PublicKey]).ToArray(),
            ix.Data)).ToList();
        return new Message(version, header, keys, recentBlockhash, compiled, lookups);
    }

    /// <summary>The wire bytes (what signers sign).</summary>
    public byte[] Serialize()
    {
        var output = new List<byte>(256);
        if (Version != TransactionVersion.Legacy)
        {
            output.Add((byte)(VersionPrefixMask | (int)Version));
        }

        output.Add(Header.NumRequiredSignatures);
        output.Add(Header.NumReadonlySignedAccounts);
        output.Add(Header.NumReadonlyUnsignedAccounts);
        ShortVec.Write(output, AccountKeys.Count);
        foreach (var key in AccountKeys)
        {
            output.AddRange(key.Span);
        }

        output.AddRange(Base58.Decode(RecentBlockhash));
        ShortVec.Write(output, Instructions.Count);
        foreach (var ix in Instructions)
        {
            output.Add(ix.ProgramIdIndex);
            ShortVec.Write(output, ix.AccountIndexes.Length);
            output.AddRange(ix.AccountIndexes);
            ShortVec.Write(output, ix.Data.Length);
            output.AddRange(ix.Data);
        }

        if (Version != TransactionVersion.Legacy)
        {
            ShortVec.Write(output, AddressTableLookups.Count);
            foreach (var lookup in AddressTableLookups)
            {
                output.AddRange(lookup.AccountKey.Span);
                ShortVec.Write(output, lookup.WritableIndexes.Length);
                output.AddRange(lookup.WritableIndexes);
                ShortVec.Write(output, lookup.ReadonlyIndexes.Length);
                output.AddRange(lookup.ReadonlyIndexes);
            }
        }

        return [.. output];
    }

    /// <summary>Parses a message from the start of <paramref name="data"/>; <paramref name="offset"/> moves past it.</summary>
    public static Message Deserialize(ReadOnlySpan<byte> data, ref int offset)
    {
        var reader = new WireReader(data, offset);
        var version = TransactionVersion.Legacy;
        if ((reader.Peek() & VersionPrefixMask) != 0)
        {
            var v = reader.Byte() & ~VersionPrefixMask;
            version = v == 0 ? TransactionVersion.V0 : throw new FormatException($"Transaction message version {v} is not supported (only legacy and v0 are).");
        }

        var header = new MessageHeader(reader.Byte(), reader.Byte(), reader.Byte());
        var keys = new PublicKey[reader.Length()];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new PublicKey(reader.Bytes(PublicKey.Length));
        }

        var blockhash = Base58.Encode(reader.Bytes(32));
        var instructions = new CompiledInstruction[reader.Length()];
        for (var i = 0; i < instructions.Length; i++)
        {
            var programIndex = reader.Byte();
            var accounts = reader.Bytes(reader.Length()).ToArray();
            var ixData = reader.Bytes(reader.Length()).ToArray();
            instructions[i] = new CompiledInstruction(programIndex, accounts, ixData);
        }

        var lookups = new List<MessageAddressTableLookup>();
        if (version == TransactionVersion.V0)
        {
            var count = reader.Length();
            for (var i = 0; i < count; i++)
            {
                var table = new PublicKey(reader.Bytes(PublicKey.Length));
                var writable = reader.Bytes(reader.Length()).ToArray();
                var readOnly = reader.Bytes(reader.Length()).ToArray();
                lookups.Add(new MessageAddressTableLookup(table, writable, readOnly));
            }
        }

        offset = reader.Offset;
        var message = new Message(version, header, keys, blockhash, instructions, lookups);
        message.Validate();
        return message;
    }

    /// <summary>Parses a message that fills <paramref name="data"/> exactly.</summary>
    public static Message Deserialize(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        var message = Deserialize(data, ref offset);
        return offset == data.Length ? message : throw new FormatException($"{data.Length - offset} bytes follow the message.");
    }

    /// <summary>
    /// The instructions with their accounts resolved. Accounts loaded from lookup tables cannot be resolved
    /// without the tables, so this throws for messages that use them.
    /// </summary>
    public IReadOnlyList<TransactionInstruction> DecompileInstructions()
    {
        if (AddressTableLookups.Count > 0)
        {
            throw new InvalidOperationException("This message loads accounts from address lookup tables; resolve the tables first.");
        }

        return Instructions.Select(ix => new TransactionInstruction(
            AccountKeys[ix.ProgramIdIndex],
            ix.AccountIndexes.Select(i => new AccountMeta(AccountKeys[i], IsSigner(i), IsWritable(i))).ToList(),
            ix.Data)).ToList();
    }

    private void Validate()
    {
        var loaded = AddressTableLookups.Sum(l => l.WritableIndexes.Length + l.ReadonlyIndexes.Length);
        var total = AccountKeys.Count + loaded;
        if (AccountKeys.Count == 0 || Header.NumRequiredSignatures == 0)
        {
            throw new FormatException("A message needs at least one account, the fee payer, and it must sign.");
        }

        if (Header.NumRequiredSignatures > AccountKeys.Count
            || Header.NumReadonlySignedAccounts >= Header.NumRequiredSignatures
            || Header.NumReadonlyUnsignedAccounts > AccountKeys.Count - Header.NumRequiredSignatures)
        {
            throw new FormatException($"The message header {Header} does not fit its {AccountKeys.Count} account keys.");
        }

        if (total > 256)
        {
            throw new FormatException($"The message references {total} accounts; the limit is 256.");
        }

        for (var i = 0; i < Instructions.Count; i++)
        {
            var ix = Instructions[i];
            if (ix.ProgramIdIndex == 0 || ix.ProgramIdIndex >= AccountKeys.Count)
            {
                throw new FormatException($"Instruction {i} names program index {ix.ProgramIdIndex}, which is not a static non-payer account.");
            }

            if (ix.AccountIndexes.Any(a => a >= total))
            {
                throw new FormatException($"Instruction {i} names an account index beyond the message's {total} accounts.");
            }
        }

        if (AccountKeys.Distinct().Count() != AccountKeys.Count)
        {
            throw new FormatException("The message lists an account key twice.");
        }
    }

    private static void ValidateBlockhash(string blockhash)
    {
        if (!Base58.TryDecode(blockhash, out var bytes, out var error) || bytes.Length != 32)
        {
            throw new ArgumentException($"'{blockhash}' is not a blockhash (32 bytes in base58){(error is null ? "" : ": " + error)}.", nameof(blockhash));
        }
    }
}
