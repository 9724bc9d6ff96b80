using FsCheck.Fluent;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using static ZkSummarize.Onchain.Tests.EscrowDriver;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// Issue 18: the program's instructions fuzzed on the dev chain (the real runtime). Each case starts from a
/// real instruction of the program (all eight, aimed at an open escrow, a registered worker, the config) and
/// mutates it at random: its data (bytes flipped, cut, grown, or all random) and its accounts (replaced by
/// others an attacker would use, writable and signer flags changed, dropped, added). None may crash the
/// program (abort, memory access violation, runaway compute), and none that fails may move a lamport or a token.
/// </summary>
public sealed class RandomInstructionTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private const int Cases = 60;
    private readonly EscrowDriver d = new(f);

    /// <summary>Failures that are the runtime stopping a broken program, not the program refusing bad input.</summary>
    private static readonly string[] Crashes = ["ProgramFailedToComplete", "ComputationalBudgetExceeded", "Access violation", "panicked", "ProgramFailedToCompile"];

    [Fact]
    public async Task Mutated_instructions_never_crash_the_program_and_failures_move_nothing()
    {
        var job = await d.OpenAsync(); // an escrow holding the price: what an attacker would like to move
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var feePayer = Keypair.Generate();
        await f.FundSolAsync(feePayer.PublicKey);
        var escrow = job.Address(f.Program);
        var vault = job.Escrow.Vault;
        Keypair[] holders = [job.Client, worker];
        PublicKey[] pool =
        [
            job.Client.PublicKey, worker.PublicKey, job.ClientTokens, escrow, vault, f.Program.FindConfig().Address, f.Treasury, workerTokens,
            f.Program.FindAttestation(job.RequestId).Address, f.Program.FindWorkerRegistration(f.Operator.PublicKey, worker.PublicKey).Address, f.Mint.PublicKey,
            TokenProgram.ProgramId, SystemProgram.ProgramId, AssociatedTokenProgram.ProgramId, f.Program.ProgramId, Keypair.Generate().PublicKey,
        ];
        PublicKey[] tokenAccounts = [job.ClientTokens, vault, f.Treasury, workerTokens];
        var random32 = new byte[32];
        var randomProof = new byte[EscrowProgram.ProofLength];
        Random.Shared.NextBytes(randomProof);
        TransactionInstruction[] templates =
        [
            f.Program.InitializeConfig(job.Client.PublicKey, f.Mint.PublicKey, f.Treasury, 100),
            f.Program.SetVerifyingKey(job.Client.PublicKey, f.VerifyingKey),
            f.Program.OpenEscrow(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, Core.Commitments.FieldEncoding.NewRequestId(), random32, Price,
                DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), f.Operator.PublicKey, Sentences, f.VerifyingKeyHash),
            f.Program.Attest(worker.PublicKey, workerTokens, f.Treasury, f.Mint.PublicKey, job.Escrow, random32, randomProof),
            f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId),
            f.Program.AttestDirect(worker.PublicKey, job.RequestId, job.Commitment.DocRoot.ToBytesBigEndian(), EscrowProgram.VerifyingKeyHash(f.VerifyingKey), random32, Sentences, randomProof),
            f.Program.RegisterWorker(job.Client.PublicKey, worker.PublicKey),
            f.Program.DeregisterWorker(f.Operator.PublicKey, worker.PublicKey),
        ];

        var bytes = Gen.Choose(0, 255).Select(b => (byte)b);
        var data =
            from template in Gen.Elements(templates)
            from mode in Gen.Choose(0, 3)
            from position in Gen.Choose(0, 400)
            from value in bytes
            from length in Gen.Choose(0, 160) // within the 1,232-byte packet with the longest instruction and every account
            from noise in Gen.ArrayOf(bytes, length)
            select (template, mode switch
            {
                0 => template.Data.Select((b, i) => i == position % template.Data.Length ? value : b).ToArray(), // one byte changed
                1 => template.Data[..Math.Min(template.Data.Length, position)],                                  // cut short
                2 => [.. template.Data, .. noise],                                                                // grown
                _ => [template.Data[0], .. noise],                                                                // the tag, then anything
            });
        var calls =
            from pair in data
            from changes in Gen.ArrayOf(Gen.Choose(0, 1000), 4)
            select Mutate(pair.template, pair.Item2, changes, pool, holders.Length);

        var outcomes = new Dictionary<string, int>();
        foreach (var instruction in Gen.Sample(calls, 50, Cases))
        {
            var lamports = await Task.WhenAll(pool.Select(async k => (await f.Rpc.GetAccountInfoAsync(k))?.Lamports ?? 0));
            var tokens = await Task.WhenAll(tokenAccounts.Select(f.TokenBalanceAsync));
            // Only keys we hold can sign: a signer flag on any other key is cleared.
            var held = holders.Select(h => h.PublicKey).ToHashSet();
            var metas = instruction.Accounts.Select(a => a with { IsSigner = a.IsSigner && held.Contains(a.PublicKey) }).ToArray();
            var signers = holders.Where(h => metas.Any(m => m.IsSigner && m.PublicKey == h.PublicKey)).Prepend(feePayer).ToArray();
            var blockhash = await f.Rpc.GetLatestBlockhashAsync();
            var call = instruction with { Accounts = metas };
            var transaction = new Transaction(Message.Compile(feePayer.PublicKey, [ComputeBudgetProgram.SetComputeUnitLimit(1_400_000), call], blockhash.Blockhash)).Sign(signers);
            var what = $"tag {call.Data.FirstOrDefault()}, {call.Data.Length} bytes, {call.Accounts.Count} accounts";
            string outcome;
            try
            {
                await f.Rpc.ConfirmTransactionAsync(await f.Rpc.SendTransactionAsync(transaction, new SendTransactionOptions(SkipPreflight: true)));
                outcome = "succeeded";
            }
            catch (TransactionFailedException failure)
            {
                var said = failure.Error + string.Join('\n', failure.Logs);
                Assert.False(Crashes.Any(c => said.Contains(c, StringComparison.Ordinal)), $"The program crashed on {what}: {failure.Message}");
                outcome = EscrowProgram.ErrorFromTransactionError(failure.Error)?.ToString() ?? failure.Error;
            }
            catch (TransactionTooLargeException)
            {
                outcome = "too large for a packet"; // an added signer's 64 bytes can push it past 1,232: no validator would take it
            }
            catch (SolanaRpcException refused)
            {
                outcome = "refused before running"; // a malformed transaction: nothing ran
                Assert.DoesNotContain(Crashes, c => refused.Message.Contains(c, StringComparison.Ordinal));
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (outcome == "succeeded") continue; // only instructions signed by the keys they spend from can succeed
            Assert.Equal(tokens, await Task.WhenAll(tokenAccounts.Select(f.TokenBalanceAsync)));
            Assert.Equal(lamports, await Task.WhenAll(pool.Select(async k => (await f.Rpc.GetAccountInfoAsync(k))?.Lamports ?? 0)));
        }
        TestContext.Current.SendDiagnosticMessage($"Outcomes of {Cases} mutated instructions: {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.True(outcomes.Count > 3, $"The mutations reach too few of the program's checks: {string.Join(", ", outcomes.Keys)}");
        Assert.Equal(Price, await f.TokenBalanceAsync(vault)); // the escrow is intact
    }

    /// <summary>Up to four account changes, each picked by a number: replace one, flip its flags, drop one, or add one from the pool.</summary>
    private static TransactionInstruction Mutate(TransactionInstruction template, byte[] data, int[] changes, PublicKey[] pool, int holders)
    {
        var accounts = template.Accounts.ToList();
        foreach (var change in changes)
        {
            var at = accounts.Count == 0 ? 0 : change % accounts.Count;
            var other = pool[change % pool.Length];
            switch (change % 5)
            {
                case 0 when accounts.Count > 0: accounts[at] = accounts[at] with { PublicKey = other }; break;
                case 1 when accounts.Count > 0: accounts[at] = accounts[at] with { IsWritable = !accounts[at].IsWritable, IsSigner = change % pool.Length < holders }; break;
                case 2 when accounts.Count > 0: accounts.RemoveAt(at); break;
                case 3: accounts.Add(change % 2 == 0 ? AccountMeta.Writable(other) : AccountMeta.ReadOnly(other)); break;
                default: break; // this account as it was
            }
        }
        return template with { Data = data, Accounts = accounts };
    }
}
