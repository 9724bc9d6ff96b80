namespace ZkSummarize.Solana.Transactions;

/// <summary>
/// A message and its signatures. Signatures can be added one signer at a time (partial signing), so a fee
/// payer can sign after the other signers, as the x402 facilitator does.
/// </summary>
public sealed class Transaction
{
    /// <summary>The largest serialized transaction a validator accepts (IPv6 MTU minus headers).</summary>
    public const int MaxPacketSize = 1232;

    /// <summary>Size of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    private readonly byte[][] _signatures;

    /// <summary>An unsigned transaction for <paramref name="message"/>.</summary>
    public Transaction(Message message)
    {
        Message = message ?? throw new ArgumentNullException(nameof(message));
        MessageBytes = message.Serialize();
        _signatures = Enumerable.Range(0, message.Header.NumRequiredSignatures).Select(_ => new byte[SignatureLength]).ToArray();
    }

    private Transaction(Message message, byte[] messageBytes, byte[][] signatures)
    {
        Message = message;
        MessageBytes = messageBytes;
        _signatures = signatures;
    }

    public Message Message { get; }

    /// <summary>The exact bytes that signers sign.</summary>
    public byte[] MessageBytes { get; }

    /// <summary>One 64-byte slot per required signer; all zero where the signature is missing.</summary>
    public IReadOnlyList<byte[]> Signatures => _signatures;

    /// <summary>The transaction id: the fee payer's signature in base58.</summary>
    public string Signature => Base58.Encode(_signatures[0]);

    /// <summary>True when every required signer has signed.</summary>
    public bool IsFullySigned => _signatures.All(s => s.Any(b => b != 0));

    /// <summary>The signers whose signatures are still missing.</summary>
    public IEnumerable<PublicKey> MissingSigners =>
        Message.Signers.Where((_, i) => _signatures[i].All(b => b == 0));

    /// <summary>Signs with each keypair; every keypair must be a required signer of the message.</summary>
    public Transaction Sign(params Keypair[] signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        foreach (var signer in signers)
        {
            _signatures[SignerIndex(signer.PublicKey)] = signer.Sign(MessageBytes);
        }

        return this;
    }

    /// <summary>Adds a signature made elsewhere (a wallet, the other party); it is checked first.</summary>
    public Transaction AddSignature(PublicKey signer, ReadOnlySpan<byte> signature)
    {
        var index = SignerIndex(signer);
        if (!Keypair.Verify(signer, MessageBytes, signature))
        {
            throw new ArgumentException($"The signature is not a valid signature of this message by {signer}.", nameof(signature));
        }

        _signatures[index] = signature.ToArray();
        return this;
    }

    /// <summary>True when every present signature is valid (missing ones are not checked).</summary>
    public bool VerifyPresentSignatures()
    {
        var signers = Message.Signers.ToArray();
        for (var i = 0; i < _signatures.Length; i++)
        {
            if (_signatures[i].Any(b => b != 0) && !Keypair.Verify(signers[i], MessageBytes, _signatures[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The signature of <paramref name="signer"/>, or null while it is missing.</summary>
    public byte[]? GetSignature(PublicKey signer)
    {
        var signature = _signatures[SignerIndex(signer)];
        return signature.All(b => b == 0) ? null : signature;
    }

    /// <summary>The wire bytes. By default every signature must be present, and the size must fit a packet.</summary>
    public byte[] Serialize(bool requireAllSignatures = true)
    {
        if (requireAllSignatures && !IsFullySigned)
        {
            throw new InvalidOperationException($"The transaction is missing signatures from: {string.Join(", ", MissingSigners)}.");
        }

        var output = new List<byte>(MessageBytes.Length + 1 + (_signatures.Length * SignatureLength));
        ShortVec.Write(output, _signatures.Length);
        foreach (var signature in _signatures)
        {
            output.AddRange(signature);
        }

        output.AddRange(MessageBytes);
        if (output.Count > MaxPacketSize)
        {
            throw new TransactionTooLargeException(output.Count);
        }

        return [.. output];
    }

    /// <summary>Base64 of <see cref="Serialize"/>, as sendTransaction takes it.</summary>
    public string ToBase64(bool requireAllSignatures = true) => Convert.ToBase64String(Serialize(requireAllSignatures));

    /// <summary>Parses wire bytes; checks the signature count against the header and that nothing trails.</summary>
    public static Transaction Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxPacketSize)
        {
            throw new TransactionTooLargeException(data.Length);
        }

        var reader = new WireReader(data, 0);
        var count = reader.Length();
        var signatures = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            signatures[i] = reader.Bytes(SignatureLength).ToArray();
        }

        var messageStart = reader.Offset;
        var offset = messageStart;
        var message = Message.Deserialize(data, ref offset);
        if (offset != data.Length)
        {
            throw new FormatException($"{data.Length - offset} unexpected bytes follow the transaction.");
        }

        if (count != message.Header.NumRequiredSignatures)
        {
            throw new FormatException($"The transaction carries {count} signatures but its message requires {message.Header.NumRequiredSignatures}.");
        }

        return new Transaction(message, data[messageStart..].ToArray(), signatures);
    }

    /// <summary>Parses base64 wire bytes.</summary>
    public static Transaction FromBase64(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new FormatException("The transaction is not valid base64.", e);
        }

        return Deserialize(bytes);
    }

    private int SignerIndex(PublicKey signer)
    {
        var index = Message.Signers.ToList().IndexOf(signer);
        return index >= 0 ? index : throw new ArgumentException($"{signer} is not a required signer of this transaction.", nameof(signer));
    }
}

/// <summary>A transaction over the 1,232-byte packet limit.</summary>
public sealed class TransactionTooLargeException(int size)
    : InvalidOperationException($"The transaction is {size} bytes; the limit is {Transaction.MaxPacketSize}. Split it, or move accounts into a lookup table (v0).")
{
    public int Size { get; } = size;
}
