using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>One attestation a worker made, as the chain records it.</summary>
public sealed record WorkerAttestation(string Signature, PublicKey Address, AttestationAccount Account, long? BlockTime);

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
        foreach (var info in await rpc.GetSignaturesForAddressAsync(worker, maxTransactions, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (info.Error is not null) continue;
            var details = await rpc.GetTransactionAsync(info.Signature, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (details is null) continue;
            foreach (var instruction in Transaction.Deserialize(details.TransactionBytes).Message.DecompileInstructions())
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
        return found;
    }
}
