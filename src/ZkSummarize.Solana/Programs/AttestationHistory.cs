using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>
/// One attestation a worker made, as the chain records it, with what the node paid it separately for the
/// request (an `exact` payment's share, <see cref="WorkerPayout"/>).
/// </summary>
public sealed record WorkerAttestation(string Signature, PublicKey Address, AttestationAccount Account, long? BlockTime, ulong PaidByNode = 0)
{
    public ulong Earned => Account.PaidToWorker + PaidByNode;
}

/// <summary>
/// How a node marks the transfer of a worker's share of an `exact` payment: a memo naming the request, in
/// the transaction of the TransferChecked to the worker's token account.
/// </summary>
public static class WorkerPayout
{
    private const string Prefix = "zksummarize payout ";

    public static TransactionInstruction Memo(string requestId) => MemoProgram.Memo(Prefix + requestId);

    /// <summary>The request and the amount, when the instructions are a payout to <paramref name="worker"/>.</summary>
    public static (string RequestId, ulong Amount)? Read(IReadOnlyList<TransactionInstruction> instructions, PublicKey worker)
    {
        var memo = instructions.FirstOrDefault(i => i.ProgramId == MemoProgram.ProgramId);
        var text = memo is null ? "" : System.Text.Encoding.UTF8.GetString(memo.Data);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        foreach (var instruction in instructions)
        {
            if (TokenProgram.TryDecodeTransferChecked(instruction, out var transfer)
                && transfer.Destination == AssociatedTokenProgram.GetAssociatedTokenAddress(worker, transfer.Mint))
            {
                return (text[Prefix.Length..], transfer.Amount);
            }
        }
        return null;
    }
}

/// <summary>
/// What a worker has earned, read from the chain alone: its transactions (getSignaturesForAddress), the
/// Attest and AttestDirect instructions of this program among them, and the Attestation accounts they
/// created, which record what was paid.
/// </summary>
public static class AttestationHistory
{
    private const byte AttestTag = 3, AttestDirectTag = 5;

    public static async Task<IReadOnlyList<WorkerAttestation>> FindByWorkerAsync(SolanaRpcClient rpc, EscrowProgram program, PublicKey worker, int maxTransactions = 1000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(program);
        var found = new List<WorkerAttestation>();
        var payouts = new Dictionary<string, ulong>();
        foreach (var info in await rpc.GetSignaturesForAddressAsync(worker, maxTransactions, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (info.Error is not null) continue;
            var details = await rpc.GetTransactionAsync(info.Signature, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (details is null) continue;
            var instructions = Transaction.Deserialize(details.TransactionBytes).Message.DecompileInstructions();
            if (details.Error is null && WorkerPayout.Read(instructions, worker) is var (requestId, amount)) payouts[requestId] = payouts.GetValueOrDefault(requestId) + amount;
            foreach (var instruction in instructions)
            {
                if (instruction.ProgramId != program.ProgramId || instruction.Data.Length == 0) continue;
                var attestationIndex = instruction.Data[0] switch { AttestTag => 5, AttestDirectTag => 1, _ => -1 };
                if (attestationIndex < 0 || instruction.Accounts.Count <= attestationIndex) continue;
                var address = instruction.Accounts[attestationIndex].PublicKey;
                var account = await rpc.GetAccountInfoAsync(address, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (account is null || account.Owner != program.ProgramId) continue;
                var attestation = EscrowProgram.DecodeAttestation(account.Data);
                if (attestation.Worker == worker) found.Add(new WorkerAttestation(info.Signature, address, attestation, info.BlockTime));
            }
        }
        return found.Select(a => a with { PaidByNode = payouts.GetValueOrDefault(Convert.ToHexStringLower(a.Account.RequestId)) }).ToList();
    }
}
