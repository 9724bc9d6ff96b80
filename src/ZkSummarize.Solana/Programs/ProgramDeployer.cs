using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>How <see cref="ProgramDeployer"/> writes buffers.</summary>
public sealed class ProgramDeployerOptions
{
    /// <summary>Rounds of "send the chunks the buffer lacks, then read it back" before giving up (a later run resumes).</summary>
    public int MaxWriteRounds { get; set; } = 5;

    /// <summary>Write transactions in flight at once.</summary>
    public int ParallelWrites { get; set; } = 8;

    /// <summary>How long one round waits for its writes to be confirmed (their blockhash expiring ends it sooner).</summary>
    public TimeSpan RoundTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long to wait for the slot after a deploy or upgrade, from which the new bytes run.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A buffer's progress: how many of its chunks hold the program's bytes on chain, in which round of writes.</summary>
public sealed record BufferProgress(int Chunks, int Written, int Round);

/// <summary>A deployed program as the upgradeable loader keeps it: its ProgramData, upgrade authority, last deploy slot and bytes.</summary>
/// <param name="Data">ProgramData's bytes after its header: the ELF, then zeros up to the room kept for upgrades.</param>
public sealed record DeployedProgram(PublicKey ProgramId, PublicKey ProgramDataAddress, PublicKey? UpgradeAuthority, ulong DeploySlot, ReadOnlyMemory<byte> Data)
{
    /// <summary>How many bytes an upgrade may have without extending ProgramData.</summary>
    public int Capacity => Data.Length;

    /// <summary>The deployed ELF's length, from its own headers.</summary>
    /// <exception cref="FormatException">ProgramData does not hold an ELF.</exception>
    public int ElfLength => ElfImage.Length(Data.Span);

    /// <summary>SHA-256 (hex) of the deployed ELF, without the padding: what a reproducible build's hash is compared with.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Data.Span[..ElfLength]));

    /// <summary>True when ProgramData holds exactly <paramref name="build"/>, followed by nothing but zero padding.</summary>
    public bool Holds(ReadOnlySpan<byte> build) =>
        build.Length <= Data.Length && Data.Span[..build.Length].SequenceEqual(build) && !Data.Span[build.Length..].ContainsAnyExcept((byte)0);
}

/// <summary>
/// Deploys and upgrades programs through the upgradeable loader with standard transactions only, as on
/// devnet or mainnet: the bytes go into a buffer in chunks (several in flight), the buffer is read back, and
/// only chunks that are missing or differ are written again, so an interrupted or failed write resumes
/// where it stopped when given the same buffer keypair.
/// </summary>
public sealed class ProgramDeployer(SolanaRpcClient rpc, ProgramDeployerOptions? options = null, ILogger<ProgramDeployer>? logger = null)
{
    private readonly ProgramDeployerOptions _options = options ?? new ProgramDeployerOptions();
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private string? _lastWriteBlockhash;

    /// <summary>
    /// Makes <paramref name="buffer"/> hold <paramref name="program"/>: creates it (or resumes it when it exists
    /// with this authority and size) and writes the chunks it lacks. Returns how many write transactions were sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffer exists but is not this program's (size, authority), or chunks are still missing after every round.</exception>
    public async Task<int> WriteBufferAsync(Keypair payer, Keypair buffer, Keypair authority, ReadOnlyMemory<byte> program, IProgress<BufferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(authority);
        if (program.IsEmpty) throw new ArgumentException("The program has no bytes.", nameof(program));
        var existing = await rpc.GetAccountInfoAsync(buffer.PublicKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var size = (ulong)(UpgradeableLoader.BufferMetadataSize + program.Length);
            var rent = await rpc.GetMinimumBalanceForRentExemptionAsync(size, cancellationToken).ConfigureAwait(false);
            await rpc.SendAsync(
                [SystemProgram.CreateAccount(payer.PublicKey, buffer.PublicKey, rent, size, UpgradeableLoader.ProgramId), UpgradeableLoader.InitializeBuffer(buffer.PublicKey, authority.PublicKey)],
                [payer, buffer], cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created buffer {Buffer} of {Size} bytes", buffer.PublicKey, size);
        }
        else
        {
            CheckResumable(buffer.PublicKey, existing, authority.PublicKey, program.Length);
        }

        var chunkSize = WriteChunkSize(payer.PublicKey, buffer.PublicKey, authority.PublicKey);
        var chunks = (program.Length + chunkSize - 1) / chunkSize;
        var sent = 0;
        for (var round = 1; ; round++)
        {
            var onChain = await ReadBufferAsync(buffer.PublicKey, cancellationToken).ConfigureAwait(false);
            var missing = Enumerable.Range(0, chunks).Where(i => !Chunk(onChain, i, chunkSize, program.Length).Span.SequenceEqual(Chunk(program, i, chunkSize, program.Length).Span)).ToList();
            progress?.Report(new BufferProgress(chunks, chunks - missing.Count, round));
            if (missing.Count == 0)
            {
                return sent;
            }

            if (round > _options.MaxWriteRounds)
            {
                throw new InvalidOperationException(
                    $"{missing.Count} of {chunks} chunks are still not in buffer {buffer.PublicKey} after {_options.MaxWriteRounds} rounds of writes. " +
                    "Run the command again with the same buffer keypair: it keeps what was written and sends only the rest.");
            }

            _logger.LogInformation("Round {Round}: writing {Missing} of {Chunks} chunks into {Buffer}", round, missing.Count, chunks, buffer.PublicKey);
            var blockhash = await FreshBlockhashAsync(cancellationToken).ConfigureAwait(false);
            sent += await WriteChunksAsync(payer, buffer.PublicKey, authority, program, missing, chunkSize, blockhash,
                written => progress?.Report(new BufferProgress(chunks, chunks - missing.Count + written, round)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deploys <paramref name="program"/> at <paramref name="programKeypair"/>'s address with room for upgrades up
    /// to <paramref name="maxDataLength"/> bytes; <paramref name="authority"/> becomes its upgrade authority. Returns
    /// the deploy transaction's signature once the program runs (from the slot after the deploy).
    /// </summary>
    /// <exception cref="InvalidOperationException">The address is taken, or the buffer could not be written.</exception>
    public async Task<string> DeployAsync(Keypair payer, Keypair programKeypair, Keypair buffer, Keypair authority, ReadOnlyMemory<byte> program, ulong maxDataLength,
        IProgress<BufferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programKeypair);
        if (maxDataLength < (ulong)program.Length) throw new ArgumentOutOfRangeException(nameof(maxDataLength), $"The room for the program ({maxDataLength} bytes) is less than its {program.Length} bytes.");
        if (await rpc.GetAccountInfoAsync(programKeypair.PublicKey, cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new InvalidOperationException($"An account already exists at {programKeypair.PublicKey}: to replace a deployed program, upgrade it; otherwise use a new program keypair.");
        }

        await WriteBufferAsync(payer, buffer, authority, program, progress, cancellationToken).ConfigureAwait(false);
        var rent = await rpc.GetMinimumBalanceForRentExemptionAsync(UpgradeableLoader.ProgramAccountSize, cancellationToken).ConfigureAwait(false);
        var signature = await rpc.SendAsync(
            [
                SystemProgram.CreateAccount(payer.PublicKey, programKeypair.PublicKey, rent, UpgradeableLoader.ProgramAccountSize, UpgradeableLoader.ProgramId),
                UpgradeableLoader.DeployWithMaxDataLen(payer.PublicKey, programKeypair.PublicKey, buffer.PublicKey, authority.PublicKey, maxDataLength),
            ],
            [payer, programKeypair, authority], cancellationToken).ConfigureAwait(false);
        await WaitUntilRunnableAsync(signature, cancellationToken).ConfigureAwait(false);
        return signature;
    }

    /// <summary>Replaces a deployed program's bytes, signed by its upgrade authority; the buffer's lamports return to the payer.</summary>
    /// <exception cref="InvalidOperationException">No such program, it is immutable, another key is its authority, or the new bytes do not fit.</exception>
    public async Task<string> UpgradeAsync(Keypair payer, PublicKey programId, Keypair buffer, Keypair authority, ReadOnlyMemory<byte> program,
        IProgress<BufferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(authority);
        var deployed = await ShowAsync(programId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"There is no program at {programId} on {rpc.Url}; deploy it first.");
        CheckAuthority(deployed, authority.PublicKey);
        if (program.Length > deployed.Capacity)
        {
            throw new InvalidOperationException(
                $"The new program is {program.Length:N0} bytes but {programId} was deployed with room for {deployed.Capacity:N0}. Deploy it under a new program id with a larger --max-len.");
        }

        await WriteBufferAsync(payer, buffer, authority, program, progress, cancellationToken).ConfigureAwait(false);
        var signature = await rpc.SendAsync([UpgradeableLoader.Upgrade(programId, buffer.PublicKey, payer.PublicKey, authority.PublicKey)], [payer, authority], cancellationToken)
            .ConfigureAwait(false);
        await WaitUntilRunnableAsync(signature, cancellationToken).ConfigureAwait(false);
        return signature;
    }

    /// <summary>
    /// Hands the upgrade authority to <paramref name="newAuthority"/>, which signs too (so a mistyped key cannot lock
    /// the program out); null makes the program immutable for good.
    /// </summary>
    public async Task<string> SetUpgradeAuthorityAsync(Keypair payer, PublicKey programId, Keypair authority, Keypair? newAuthority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(authority);
        var deployed = await ShowAsync(programId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"There is no program at {programId} on {rpc.Url}.");
        CheckAuthority(deployed, authority.PublicKey);
        return newAuthority is null
            ? await rpc.SendAsync([UpgradeableLoader.SetAuthority(deployed.ProgramDataAddress, authority.PublicKey, null)], [payer, authority], cancellationToken).ConfigureAwait(false)
            : await rpc.SendAsync([UpgradeableLoader.SetAuthorityChecked(deployed.ProgramDataAddress, authority.PublicKey, newAuthority.PublicKey)], [payer, authority, newAuthority], cancellationToken)
                .ConfigureAwait(false);
    }

    /// <summary>The deployed program at <paramref name="programId"/>, or null when no account is there.</summary>
    /// <exception cref="FormatException">The account is not a program of the upgradeable loader.</exception>
    public async Task<DeployedProgram?> ShowAsync(PublicKey programId, CancellationToken cancellationToken = default)
    {
        var account = await rpc.GetAccountInfoAsync(programId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (account is null) return null;
        if (account.Owner != UpgradeableLoader.ProgramId || UpgradeableLoaderState.Decode(account.Data) is not UpgradeableLoaderState.Program program)
        {
            throw new FormatException($"{programId} is not a program of the upgradeable loader (its account is owned by {account.Owner}).");
        }

        var programData = await rpc.GetAccountInfoAsync(program.ProgramDataAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (programData is null || UpgradeableLoaderState.Decode(programData.Data) is not UpgradeableLoaderState.ProgramData data)
        {
            throw new FormatException($"The ProgramData account {program.ProgramDataAddress} of {programId} is missing or not ProgramData (the program was closed).");
        }

        return new DeployedProgram(programId, program.ProgramDataAddress, data.UpgradeAuthority, data.Slot, data.Bytes);
    }

    /// <summary>
    /// The most program bytes one Write transaction carries: the 1,232-byte packet less the signatures, the
    /// message around the write (with room for a compute-unit price, which a congested cluster needs) and the
    /// longer length prefix of a big instruction.
    /// </summary>
    public static int WriteChunkSize(PublicKey payer, PublicKey buffer, PublicKey authority)
    {
        var message = Message.Compile(payer, WithPrice(ulong.MaxValue, UpgradeableLoader.Write(buffer, authority, 0, [])), PublicKey.Default.ToString());
        var empty = 1 + (Transaction.SignatureLength * message.Header.NumRequiredSignatures) + message.Serialize().Length;
        return Transaction.MaxPacketSize - empty - 1;
    }

    /// <summary>The instruction, after a compute-unit price when the cluster asks for one (the price follows getRecentPrioritizationFees).</summary>
    private static TransactionInstruction[] WithPrice(ulong microLamports, TransactionInstruction instruction) =>
        microLamports > 0 ? [ComputeBudgetProgram.SetComputeUnitPrice(microLamports), instruction] : [instruction];

    /// <summary>
    /// A blockhash other than the last round of writes used: the same write with the same blockhash is the same transaction,
    /// which the cluster answers "already processed" without writing again (and the chunk may have been overwritten since).
    /// </summary>
    private async Task<LatestBlockhash> FreshBlockhashAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var latest = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _lastWriteBlockhash, latest.Blockhash) != latest.Blockhash) return latest;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> WriteChunksAsync(Keypair payer, PublicKey buffer, Keypair authority, ReadOnlyMemory<byte> program, IReadOnlyList<int> chunks, int chunkSize,
        LatestBlockhash blockhash, Action<int> confirmed, CancellationToken cancellationToken)
    {
        var price = await rpc.EstimateComputeUnitPriceAsync([buffer], cancellationToken).ConfigureAwait(false);
        var signatures = new List<string>();
        using var inFlight = new SemaphoreSlim(_options.ParallelWrites);
        await Task.WhenAll(chunks.Select(async index =>
        {
            var offset = index * chunkSize;
            var write = UpgradeableLoader.Write(buffer, authority.PublicKey, (uint)offset, Chunk(program, index, chunkSize, program.Length).Span);
            var transaction = new Transaction(Message.Compile(payer.PublicKey, WithPrice(price, write), blockhash.Blockhash)).Sign(payer, authority);
            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var signature = await rpc.SendTransactionAsync(transaction, null, cancellationToken).ConfigureAwait(false);
                lock (signatures) signatures.Add(signature);
            }
            catch (SolanaRpcException e)
            {
                // The chunk stays missing in the buffer, so the next round sends it again.
                _logger.LogWarning("The write of chunk {Index} (offset {Offset}) was refused: {Message}", index, offset, e.Message);
            }
            finally
            {
                inFlight.Release();
            }
        })).ConfigureAwait(false);
        await WaitForWritesAsync(signatures, blockhash.LastValidBlockHeight, confirmed, cancellationToken).ConfigureAwait(false);
        return signatures.Count;
    }

    /// <summary>Polls until every write is confirmed or failed, its blockhash has expired, or the round's time is up; the buffer's read-back decides what is missing.</summary>
    private async Task WaitForWritesAsync(List<string> signatures, ulong lastValidBlockHeight, Action<int> confirmed, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.RoundTimeout;
        var pending = new HashSet<string>(signatures);
        var done = 0;
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var batch in pending.Chunk(256).ToList())
            {
                var statuses = await rpc.GetSignatureStatusesAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    if (statuses[i] is not { } status || (status.Error is null && !status.Reached(Commitment.Confirmed))) continue;
                    if (status.Error is { } error) _logger.LogWarning("Write {Signature} failed on chain: {Error}", batch[i], error);
                    else confirmed(++done);
                    pending.Remove(batch[i]);
                }
            }

            if (pending.Count == 0 || await rpc.GetBlockHeightAsync(cancellationToken: cancellationToken).ConfigureAwait(false) > lastValidBlockHeight) return;
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBufferAsync(PublicKey buffer, CancellationToken cancellationToken)
    {
        var account = await rpc.GetAccountInfoAsync(buffer, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The buffer {buffer} disappeared while it was being written (closed, or used by a deploy).");
        return UpgradeableLoaderState.Decode(account.Data) is UpgradeableLoaderState.Buffer b ? b.Bytes : throw new InvalidOperationException($"{buffer} is no longer a buffer.");
    }

    /// <summary>Waits for the slot after the transaction's: a program deployed or upgraded in a slot runs from the next one.</summary>
    private async Task WaitUntilRunnableAsync(string signature, CancellationToken cancellationToken)
    {
        var landed = (await rpc.GetSignatureStatusesAsync([signature], cancellationToken: cancellationToken).ConfigureAwait(false))[0]?.Slot
            ?? throw new InvalidOperationException($"The confirmed transaction {signature} has no status.");
        var deadline = DateTime.UtcNow + _options.VisibilityTimeout;
        while (await rpc.GetSlotAsync(Commitment.Confirmed, cancellationToken).ConfigureAwait(false) <= landed)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The chain did not pass slot {landed} within {_options.VisibilityTimeout.TotalSeconds:0} s; the program runs from the next slot.");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void CheckResumable(PublicKey buffer, AccountInfo account, PublicKey authority, int programLength)
    {
        if (account.Owner != UpgradeableLoader.ProgramId || UpgradeableLoaderState.Decode(account.Data) is not UpgradeableLoaderState.Buffer existing)
        {
            throw new InvalidOperationException($"{buffer} already exists and is not a loader buffer (owner {account.Owner}); use a new buffer keypair.");
        }

        if (existing.Authority != authority)
        {
            throw new InvalidOperationException($"The buffer {buffer} is written by {existing.Authority?.ToString() ?? "nobody"}, not {authority}; resume it with that authority or use a new buffer keypair.");
        }

        if (existing.Bytes.Length != programLength)
        {
            throw new InvalidOperationException($"The buffer {buffer} holds {existing.Bytes.Length:N0} bytes but the program has {programLength:N0}: it was made for another build. Use a new buffer keypair.");
        }
    }

    private static void CheckAuthority(DeployedProgram deployed, PublicKey authority)
    {
        if (deployed.UpgradeAuthority is not { } current) throw new InvalidOperationException($"{deployed.ProgramId} is immutable: it has no upgrade authority.");
        if (current != authority) throw new InvalidOperationException($"The upgrade authority of {deployed.ProgramId} is {current}, not {authority}; sign with that key.");
    }

    private static ReadOnlyMemory<byte> Chunk(ReadOnlyMemory<byte> bytes, int index, int chunkSize, int length)
    {
        var start = index * chunkSize;
        return bytes[start..Math.Min(start + chunkSize, length)];
    }
}
