using System.Net;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Paid jobs that do not go smoothly, against a real node process: the node is killed in the middle of a
/// job and restarted (the job completes exactly once), and the chain rejects the worker's proof (the job
/// fails, the money stays in escrow, and the client's refund after the deadline returns all of it).
/// </summary>
public sealed class JobLifecycleTests(ShortQuotesNodeFixture node) : IClassFixture<ShortQuotesNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private PublicKey WorkerTokens => AssociatedTokenProgram.GetAssociatedTokenAddress(node.Worker.PublicKey, node.Mint);

    private async Task<ulong> WorkerBalanceAsync() =>
        await node.Rpc.GetAccountInfoAsync(WorkerTokens, cancellationToken: Ct) is null ? 0 : await node.BalanceAsync(WorkerTokens);

    [Fact]
    public async Task A_node_killed_while_proving_resumes_the_job_after_a_restart_and_it_is_paid_exactly_once()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(node, http);
        var (clientBefore, workerBefore, treasuryBefore) = (await node.BalanceAsync(node.ClientTokens), await WorkerBalanceAsync(), await node.BalanceAsync(node.Treasury));
        var (quote, payment) = await buyer.QuoteAndPayAsync(Ct);
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();
        var buying = buyer.PostPaidAsync(payment, Ct); // its connection dies with the node

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await buyer.StatusAsync(requestId, Ct)).Stage != "Proving")
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never reached Proving:\n" + node.NodeOutput);
            await Task.Delay(20, Ct);
        }
        await node.KillNodeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => buying);
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens)); // in escrow
        Assert.Equal(workerBefore, await WorkerBalanceAsync());

        await node.StartNodeAsync(); // same job store, new process
        JobStatus status;
        while ((status = await buyer.StatusAsync(requestId, Ct)).Stage is not ("Settled" or "Failed" or "Refunded"))
        {
            Assert.True(DateTime.UtcNow < deadline.AddMinutes(2), $"the job is stuck at {status.Stage}:\n" + node.NodeOutput);
            await Task.Delay(100, Ct);
        }
        Assert.True(status.Stage == "Settled", status.Error + node.NodeOutput);
        Assert.Null(status.Summary); // request ids are public on chain: the summary goes only to the payer
        var receipt = (await buyer.StatusAsync(requestId, Ct, asPayer: true)).Summary!.Receipt!;
        Assert.True(ReceiptVerifier.Check(receipt).IsValid);
        Assert.Single(status.History, h => h.Stage == Grains.Jobs.JobStage.Escrowed); // paid once

        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
        Assert.Equal(workerBefore + NodeFixture.Price - fee, await WorkerBalanceAsync());
        Assert.Equal(treasuryBefore + fee, await node.BalanceAsync(node.Treasury));
        Assert.Null(await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: Ct));
        Assert.NotNull(await node.Rpc.GetAccountInfoAsync(node.Program.FindAttestation(Convert.FromHexString(requestId)).Address, cancellationToken: Ct));

        // The interrupted client asks again with the same payment: nothing is charged twice.
        var replay = await buyer.PostPaidAsync(payment, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
    }

    /// <summary>
    /// A worker run with the wrong proving key: its .zkey names another valid verifying key (the ceremony key with IC1
    /// and IC2 swapped), which the admin made current, so its node quotes escrows under it; but its proofs verify only
    /// under the ceremony key. The program refuses them, nothing is paid, and the client's refund returns everything.
    /// </summary>
    [Fact]
    public async Task When_the_chain_rejects_the_proof_the_job_fails_the_escrow_stays_unpaid_and_the_refund_returns_everything()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var goodKey = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(CeremonyKey.VerificationKey, Ct)));
        var otherKey = (byte[])goodKey.Clone();
        goodKey.AsSpan(512, 64).CopyTo(otherKey.AsSpan(576));
        goodKey.AsSpan(576, 64).CopyTo(otherKey.AsSpan(512));
        var state = Directory.CreateTempSubdirectory("zks-wrong-key-").FullName;
        var wrongZkey = Path.Combine(state, "wrong.zkey");
        await File.WriteAllBytesAsync(wrongZkey, WithIcSwapped(await File.ReadAllBytesAsync(CeremonyKey.Zkey, Ct)), Ct);
        await node.Rpc.SendAsync([node.Program.SetVerifyingKey(node.ProgramAdmin.PublicKey, otherKey)], [node.ProgramAdmin], Ct);
        try
        {
            await using var wrong = new NodeHost("wrong-key", [.. node.NodeArguments, "--Node:ZkeyPath", wrongZkey, "--Node:StateFolder", Path.Combine(state, "node")]);
            await wrong.StartAsync();
            var buyer = new EscrowBuyer(node, http, wrong.Url);
            var (clientBefore, workerBefore) = (await node.BalanceAsync(node.ClientTokens), await WorkerBalanceAsync());
            var (quote, payment) = await buyer.QuoteAndPayAsync(Ct);
            Assert.Equal(Receipt.Hash(otherKey), ExtraFields.Text(quote.Extra!["verifyingKeyHash"]));
            var requestId = quote.Extra!["requestId"]!.GetValue<string>();
            var response = await buyer.PostPaidAsync(payment, Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var problem = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("rejected the proof", problem, StringComparison.Ordinal);
            Assert.Contains($"zks refund {requestId}", problem, StringComparison.Ordinal);
            Assert.True(response.Headers.Contains(X402Headers.PaymentResponse)); // it was paid: the header says where the money went
            Assert.Equal("Failed", (await buyer.StatusAsync(requestId, Ct)).Stage);

            Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
            Assert.Equal(workerBefore, await WorkerBalanceAsync());
            var escrow = EscrowProgram.DecodeEscrow((await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: Ct))!.Data);
            Assert.Equal(NodeFixture.Price, escrow.Amount);

            await node.Admin.AdvanceTimeAsync((ulong)quote.MaxTimeoutSeconds + 60, Ct);
            var refund = await ZksCli.RunAsync(["refund", requestId, "--program", node.Program.ProgramId.ToString(), "--mint", node.Mint.ToString(),
                "--keypair", node.ClientKeyFile, "--rpc", node.RpcUrl.ToString()], Ct);
            Assert.True(refund.ExitCode == 0, refund.Output);
            Assert.Equal(clientBefore, await node.BalanceAsync(node.ClientTokens));
            Assert.Equal(workerBefore, await WorkerBalanceAsync());
        }
        finally
        {
            await node.Rpc.SendAsync([node.Program.SetVerifyingKey(node.ProgramAdmin.PublicKey, goodKey)], [node.ProgramAdmin], Ct);
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>A snarkjs .zkey with IC1 and IC2 swapped in its IC section (3): the same proving key, another verifying key.</summary>
    private static byte[] WithIcSwapped(byte[] zkey)
    {
        var sections = BitConverter.ToInt32(zkey, 8);
        var at = 12;
        for (var i = 0; i < sections; i++)
        {
            var (type, size) = (BitConverter.ToInt32(zkey, at), (int)BitConverter.ToInt64(zkey, at + 4));
            if (type == 3)
            {
                var ic = zkey.AsSpan(at + 12, size);
                var ic1 = ic.Slice(64, 64).ToArray();
                ic.Slice(128, 64).CopyTo(ic.Slice(64, 64));
                ic1.CopyTo(ic.Slice(128, 64));
                return zkey;
            }
            at += 12 + size;
        }
        throw new InvalidOperationException("The .zkey has no IC section.");
    }

    [Fact]
    public async Task A_job_whose_escrow_deadline_is_too_close_is_not_proven_says_why_and_the_refund_returns_everything()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(node, http);
        var before = await node.BalancesAsync();
        var quote = await buyer.QuoteAsync(Ct);
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();
        var deadline = ExtraFields.Number(quote.Extra!["deadline"])!.Value;

        // The chain's clock jumps to 3 s before the deadline (as if the job had waited that long in a queue):
        // the escrow still opens, but no proof and attestation can land in 3 s.
        await node.Admin.AdvanceTimeAsync((ulong)(deadline - 3 - await node.Admin.AdvanceTimeAsync(0, Ct)), Ct);
        var payment = await buyer.PayAsync(quote, Ct); // signed now: a blockhash from before the jump would have expired
        var response = await buyer.PostPaidAsync(payment.Payment, Ct);
        var problem = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} {problem}\n{node.NodeOutput}");
        Assert.Contains("Not proven: the escrow's deadline", problem, StringComparison.Ordinal);
        Assert.Contains($"zks refund {requestId}", problem, StringComparison.Ordinal);
        var status = await buyer.StatusAsync(requestId, Ct);
        Assert.Equal("Failed", status.Stage);
        Assert.DoesNotContain(status.History, h => h.Stage == Grains.Jobs.JobStage.Attesting); // no proof was made, so none was attested
        Assert.Contains($"Not proving job {requestId}", node.NodeOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"Proving job {requestId}", node.NodeOutput, StringComparison.Ordinal);

        // Paid, not dropped: the money sits in the escrow until the client takes it back after the deadline.
        var paid = await node.BalancesAsync();
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker, before.Treasury), paid);
        var escrow = EscrowProgram.DecodeEscrow((await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: Ct))!.Data);
        Assert.Equal(NodeFixture.Price, escrow.Amount);
        await node.Admin.AdvanceTimeAsync(10, Ct);
        var refund = await ZksCli.RunAsync(node.RefundArguments(Convert.FromHexString(requestId)), Ct);
        Assert.True(refund.ExitCode == 0, refund.Output);
        Assert.Equal(before, await node.BalancesAsync());
    }

    [Fact]
    public async Task An_unpaid_quote_is_forgotten_when_it_expires_and_can_no_longer_be_paid()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var buyer = new EscrowBuyer(node, http);
        var clientBefore = await node.BalanceAsync(node.ClientTokens);
        var (quote, payment) = await buyer.QuoteAndPayAsync(Ct); // signed, but not sent until the quote has expired
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();
        string[] Stored() => Directory.GetFiles(node.StateFolder, $"*{requestId}*", SearchOption.AllDirectories);
        Assert.Single(Stored());

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Stored().Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired quote is still stored:\n" + node.NodeOutput);
            await Task.Delay(500, Ct);
        }
        var late = await buyer.PostPaidAsync(payment, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, late.StatusCode);
        Assert.Contains("request_mismatch", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(clientBefore, await node.BalanceAsync(node.ClientTokens));
    }

}
