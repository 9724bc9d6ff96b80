namespace ZkSummarize.Solana.Transactions;

/// <summary>Legacy messages have no version prefix; v0 adds address lookup tables.</summary>
public enum TransactionVersion
{
    /// <summary>The original message format.</summary>
    Legacy = -1,

    /// <summary>Versioned message format 0 (address lookup tables).</summary>
    V0 = 0,
}

/// <summary>How many of the message's accounts sign, and how many are read-only.</summary>
public readonly record struct MessageHeader(byte NumRequiredSignatures, byte NumReadonlySignedAccounts, byte NumReadonlyUnsignedAccounts);

/// <summary>An instruction with its program and accounts given as indexes into the message's account list.</summary>
public sealed record CompiledInstruction(byte ProgramIdIndex, byte[] AccountIndexes, byte[] Data);

/// <summary>An on-chain address lookup table: its address and the addresses it holds.</summary>
public sealed record AddressLookupTableAccount(PublicKey Key, IReadOnlyList<PublicKey> Addresses);

/// <summary>Which entries of a lookup table a v0 message loads, writable ones first.</summary>
public sealed record MessageAddressTableLookup(PublicKey AccountKey, byte[] WritableIndexes, byte[] ReadonlyIndexes);
