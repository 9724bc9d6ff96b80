using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>Token balances the audit compares: the workers' and the treasury's, before the load and after.</summary>
internal sealed record PayeeBalances(ulong Workers, ulong Treasury);

/// <summary>Where one payment is on chain: attested (and what that paid) or its escrow still open (and what its vault holds).</summary>
internal sealed record PaymentOnChain(string RequestId, int Client, string Outcome, bool Attested, ulong PaidToWorker, ulong PaidFee, bool EscrowOpen, ulong VaultHolds);

/// <summary>The verdict: every sum, and the request ids (or clients) that do not add up.</summary>
internal sealed record AuditResult(bool Conserved, int Attested, int StillRefundable, int NotCharged, ulong ClientDebits, ulong WorkerCredits, ulong TreasuryCredits, ulong VaultBalances,
    ulong AttestedPaidOut, IReadOnlyList<string> Problems);

/// <summary>
/// Money conservation after a soak, read from the chain: every payment sent is either attested (the worker and
/// the treasury paid the price between them, once: the program attests a request once) or still refundable (its
/// escrow open, its vault holding the price); each client's debit is the price times its payments that landed,
/// so a refused request paid nothing and nothing was paid twice; and the clients' debits equal the workers' and
/// treasury's credits plus what the open vaults hold. The bench refunds nothing, so refunds do not appear: one
/// would show as a smaller client debit.
/// </summary>
internal static class MoneyAudit
{
    public static async Task<PayeeBalances> PayeesAsync(SolanaRpcClient rpc, ChainSetup setup, CancellationToken ct)
    {
        ulong workers = 0;
        foreach (var (_, usdc) in setup.Workers) workers += await BalanceAsync(rpc, usdc, ct);
        return new PayeeBalances(workers, await BalanceAsync(rpc, setup.TreasuryUsdc, ct));
    }

    public static async Task<AuditResult> CheckAsync(SolanaRpcClient rpc, ChainSetup setup, IReadOnlyList<SoakClient> clients, IEnumerable<SoakRequest> requests, PayeeBalances before,
        CancellationToken ct)
    {
        var price = ChainBootstrap.Price;
        var problems = new List<string>();
        var sent = requests.Where(r => r.RequestId is not null).ToList();
        var payments = new List<PaymentOnChain>();
        foreach (var request in sent) payments.Add(await FindAsync(rpc, setup, request, ct));

        foreach (var p in payments)
        {
            if (p.Attested && p.PaidToWorker + p.PaidFee != price) problems.Add($"{p.RequestId}: attested, but paid out {p.PaidToWorker} + {p.PaidFee}, not the price {price}");
            if (p.EscrowOpen && p.VaultHolds != price) problems.Add($"{p.RequestId}: its escrow is open, but its vault holds {p.VaultHolds}, not the price {price}");
            if (p.Attested && p.EscrowOpen) problems.Add($"{p.RequestId}: attested, and its escrow is still open");
            if (p.Outcome == SoakRequest.Summary && !p.Attested) problems.Add($"{p.RequestId}: the client got its summary, but no attestation is on chain");
        }
        foreach (var duplicate in sent.GroupBy(r => r.RequestId).Where(g => g.Count() > 1)) problems.Add($"{duplicate.Key}: paid by {duplicate.Count()} requests");

        ulong clientDebits = 0;
        foreach (var client in clients)
        {
            var debit = client.Funded - await BalanceAsync(rpc, client.Usdc, ct);
            clientDebits += debit;
            var mine = payments.Where(p => p.Client == client.Index).ToList();
            var landed = (ulong)mine.Count(p => p.Attested || p.EscrowOpen);
            if (debit != landed * price)
            {
                problems.Add($"client {client.Index} ({client.Key.PublicKey}) was debited {debit}, but {landed} of its payments landed ({landed * price}); its requests: {string.Join(", ", mine.Select(p => p.RequestId))}");
            }
        }

        var after = await PayeesAsync(rpc, setup, ct);
        var (workerCredits, treasuryCredits) = (after.Workers - before.Workers, after.Treasury - before.Treasury);
        var attested = payments.Where(p => p.Attested).ToList();
        var paidOut = attested.Aggregate(0UL, (sum, p) => sum + p.PaidToWorker + p.PaidFee);
        var vaults = payments.Aggregate(0UL, (sum, p) => sum + (p.EscrowOpen ? p.VaultHolds : 0));
        if (workerCredits + treasuryCredits != paidOut) problems.Add($"the workers and the treasury were credited {workerCredits} + {treasuryCredits}, but the attestations paid out {paidOut}");
        if (clientDebits != workerCredits + treasuryCredits + vaults) problems.Add($"the clients were debited {clientDebits}, but the workers, the treasury and the open vaults hold {workerCredits} + {treasuryCredits} + {vaults}");
        return new AuditResult(problems.Count == 0, attested.Count, payments.Count(p => p.EscrowOpen), payments.Count(p => !p.Attested && !p.EscrowOpen),
            clientDebits, workerCredits, treasuryCredits, vaults, paidOut, problems);
    }

    private static async Task<PaymentOnChain> FindAsync(SolanaRpcClient rpc, ChainSetup setup, SoakRequest request, CancellationToken ct)
    {
        var id = Convert.FromHexString(request.RequestId!);
        var program = setup.Program;
        var attestation = await rpc.GetAccountInfoAsync(program.FindAttestation(id).Address, cancellationToken: ct);
        var attested = attestation is not null && attestation.Owner == program.ProgramId ? EscrowProgram.DecodeAttestation(attestation.Data) : null;
        var escrowAddress = program.FindEscrow(id).Address;
        var escrow = await rpc.GetAccountInfoAsync(escrowAddress, cancellationToken: ct);
        var open = escrow is not null && escrow.Owner == program.ProgramId && escrow.Data.Length == EscrowProgram.EscrowSize;
        var vault = open ? await BalanceAsync(rpc, EscrowProgram.FindVault(escrowAddress, setup.Mint).Address, ct) : 0;
        return new PaymentOnChain(request.RequestId!, request.Client, request.Outcome, attested is not null, attested?.PaidToWorker ?? 0, attested?.PaidFee ?? 0, open, vault);
    }

    private static async Task<ulong> BalanceAsync(SolanaRpcClient rpc, PublicKey tokens, CancellationToken ct) =>
        await rpc.GetAccountInfoAsync(tokens, cancellationToken: ct) is null ? 0 : (await rpc.GetTokenAccountBalanceAsync(tokens, cancellationToken: ct)).Amount;
}
