using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Many worker nodes as one service (Orleans on PostgreSQL, real processes): paid requests spread over
/// both workers and settle once each; a worker killed while proving a job loses it to the other worker,
/// which proves, attests and is paid for it, and rejoins when restarted; a restarted gateway resumes its
/// jobs from PostgreSQL.
/// </summary>
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private async Task<JobStatus> WaitForAsync(EscrowBuyer buyer, string requestId, Func<string, bool> stage)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await buyer.StatusAsync(requestId, Ct);
            if (stage(status.Stage)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job {requestId} stuck at {status.Stage}:\n{cluster.NodeOutput}");
            await Task.Delay(50, Ct);
        }
    }

    private async Task<ulong> TokensAsync(PublicKey owner)
    {
        var account = AssociatedTokenProgram.GetAssociatedTokenAddress(owner, cluster.Mint);
        return await cluster.Rpc.GetAccountInfoAsync(account, cancellationToken: Ct) is null ? 0 : await cluster.BalanceAsync(account);
    }

    private async Task<(ulong Client, ulong[] Workers, ulong Treasury)> BalancesAsync() =>
        (await cluster.BalanceAsync(cluster.ClientTokens), await Task.WhenAll(cluster.WorkerKeys.Select(k => TokensAsync(k.PublicKey))), await cluster.BalanceAsync(cluster.Treasury));

    /// <summary>Every request paid once: its attestation on chain and its escrow closed.</summary>
    private async Task AssertSettledOnceAsync(IEnumerable<string> requestIds)
    {
        foreach (var id in requestIds.Select(Convert.FromHexString))
        {
            Assert.NotNull(await cluster.Rpc.GetAccountInfoAsync(cluster.Program.FindAttestation(id).Address, cancellationToken: Ct));
            Assert.Null(await cluster.Rpc.GetAccountInfoAsync(cluster.Program.FindEscrow(id).Address, cancellationToken: Ct));
        }
    }

    private static ulong Fee => NodeFixture.Price * 500 / 10_000;

    [Fact]
    public async Task Twenty_paid_requests_spread_over_both_workers_and_each_escrow_settles_exactly_once()
    {
        using var http = new HttpClient { Timeout = Patience };
        var buyer = new EscrowBuyer(cluster, http);
        var before = await BalancesAsync();
        var receipts = new List<Receipt>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (_, _) =>
        {
            var (_, payment) = await buyer.QuoteAndPayAsync(Ct);
            var response = await buyer.PostPaidAsync(payment, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + cluster.NodeOutput);
            var receipt = (await response.Content.ReadFromJsonAsync<SummaryResponse>(X402Headers.Json, Ct))!.Receipt!;
            lock (receipts) receipts.Add(receipt);
        });

        Assert.All(receipts, r => Assert.True(ReceiptVerifier.Check(r).IsValid));
        Assert.Equal(20, receipts.Select(r => r.RequestId).Distinct().Count());
        var byWorker = receipts.GroupBy(r => r.Worker).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(cluster.WorkerKeys.Select(k => k.PublicKey.ToString()).Order(), byWorker.Keys.Order()); // both workers proved
        await AssertSettledOnceAsync(receipts.Select(r => r.RequestId));

        var after = await BalancesAsync();
        Assert.Equal(before.Client - 20 * NodeFixture.Price, after.Client);
        Assert.Equal(before.Treasury + 20 * Fee, after.Treasury);
        for (var i = 0; i < 2; i++)
        {
            var proved = (ulong)byWorker[cluster.WorkerKeys[i].PublicKey.ToString()];
            Assert.Equal(before.Workers[i] + proved * (NodeFixture.Price - Fee), after.Workers[i]); // each worker is paid for exactly its own proofs

            // What its operator sees, from the chain alone: everything it ever earned (its account only ever received fees).
            var earnings = await ZksCli.RunAsync(["worker", "earnings", "--worker", cluster.WorkerKeys[i].PublicKey.ToString(), "--program", cluster.Program.ProgramId.ToString(),
                "--rpc", cluster.RpcUrl.ToString()], Ct);
            Assert.True(earnings.ExitCode == 0, earnings.Output);
            var usdc = (after.Workers[i] / 1_000_000m).ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{usdc} USDC earned", ZksCli.Flat(earnings.Output), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The failover itself: the worker killed is the one proving a job at that moment (its log says it started
    /// that proof and never finished it), and the job is then proven, attested and paid by the other worker.
    /// </summary>
    [Fact]
    public async Task A_worker_killed_while_proving_a_job_loses_it_to_the_other_worker_which_proves_attests_and_is_paid_for_it()
    {
        using var http = new HttpClient { Timeout = Patience };
        var buyer = new EscrowBuyer(cluster, http);
        var before = await BalancesAsync();
        var paid = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => buyer.QuoteAndPayAsync(Ct)));
        var provingOneOfThese = new Regex($"Proving job ({string.Join('|', paid.Select(p => p.RequestId))})");
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var proving = cluster.Workers.Select(w => w.WaitForLineAsync(provingOneOfThese, stopWatching.Token)).ToArray();
        var buying = paid.Select(p => buyer.PostPaidAsync(p.Payment, Ct)).ToArray();

        var started = await Task.WhenAny(proving).WaitAsync(Patience, Ct);
        var victimIndex = Array.IndexOf(proving, started);
        var victim = cluster.Workers[victimIndex];
        await victim.KillAsync(); // within milliseconds of the log line; a proof takes seconds
        await stopWatching.CancelAsync();
        var held = (await started).Groups[1].Value;
        var survivor = cluster.WorkerKeys[1 - victimIndex].PublicKey.ToString();
        try
        {
            Assert.DoesNotContain($"Proved job {held}", victim.Output, StringComparison.Ordinal); // killed mid-proof

            var receipts = new Dictionary<string, Receipt>();
            foreach (var response in await Task.WhenAll(buying))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + cluster.NodeOutput);
                var receipt = (await response.Content.ReadFromJsonAsync<SummaryResponse>(X402Headers.Json, Ct))!.Receipt!;
                receipts.Add(receipt.RequestId, receipt);
            }
            Assert.Equal(paid.Select(p => p.RequestId).Order(), receipts.Keys.Order());
            Assert.All(receipts.Values, r => Assert.True(ReceiptVerifier.Check(r).IsValid));
            await AssertSettledOnceAsync(receipts.Keys);

            // The held job was proven again by the survivor, with its key, and the program paid the survivor.
            Assert.Equal(survivor, receipts[held].Worker);
            var survivorHost = cluster.Workers[1 - victimIndex];
            Assert.Contains($"Proved job {held}", survivorHost.Output, StringComparison.Ordinal);
            var attestation = await cluster.Rpc.GetAccountInfoAsync(cluster.Program.FindAttestation(Convert.FromHexString(held)).Address, cancellationToken: Ct);
            Assert.Equal(survivor, EscrowProgram.DecodeAttestation(attestation!.Data).Worker.ToString());

            // The money: the client paid six prices once, the treasury got six fees, each worker exactly its own proofs' share.
            var after = await BalancesAsync();
            Assert.Equal(before.Client - 6 * NodeFixture.Price, after.Client);
            Assert.Equal(before.Treasury + 6 * Fee, after.Treasury);
            for (var i = 0; i < 2; i++)
            {
                var proved = (ulong)receipts.Values.Count(r => r.Worker == cluster.WorkerKeys[i].PublicKey.ToString());
                Assert.Equal(before.Workers[i] + proved * (NodeFixture.Price - Fee), after.Workers[i]);
            }
        }
        finally
        {
            await victim.StartAsync(); // rejoins the cluster under a new generation, for the tests after this one
        }
        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(victim.Url, "v1/node"), Ct)).RootElement;
        Assert.Equal(cluster.WorkerKeys[victimIndex].PublicKey.ToString(), status.GetProperty("worker").GetString());
        Assert.Equal("worker", status.GetProperty("roles").GetString());
    }

    [Fact]
    public async Task A_restarted_gateway_resumes_its_jobs_from_postgresql()
    {
        using var http = new HttpClient { Timeout = Patience };
        var buyer = new EscrowBuyer(cluster, http);
        var before = await BalancesAsync();
        var bought = await buyer.QuoteAndPayAsync(Ct);
        var (requestId, payment) = (bought.RequestId, bought.Payment);
        var buying = buyer.PostPaidAsync(payment, Ct);
        await WaitForAsync(buyer, requestId, stage => stage is "Summarizing" or "Proving");
        await cluster.KillNodeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => buying);

        await cluster.StartNodeAsync();
        var status = await WaitForAsync(buyer, requestId, stage => stage is "Settled" or "Failed" or "Refunded");
        Assert.True(status.Stage == "Settled", status.Error + cluster.NodeOutput);
        Assert.True(ReceiptVerifier.Check((await buyer.StatusAsync(requestId, Ct, asPayer: true)).Summary!.Receipt!).IsValid);
        await AssertSettledOnceAsync([requestId]);
        var after = await BalancesAsync();
        Assert.Equal(before.Client - NodeFixture.Price, after.Client);
        Assert.Equal(before.Treasury + Fee, after.Treasury);
    }

    [Fact]
    public async Task An_unpaid_quote_is_deleted_from_postgresql_when_it_expires()
    {
        using var http = new HttpClient { Timeout = Patience };
        var buyer = new EscrowBuyer(cluster, http);
        var requestId = (await buyer.QuoteAndPayAsync(Ct)).RequestId; // the payment is never sent
        await using var db = new Npgsql.NpgsqlConnection(cluster.Database);
        await db.OpenAsync(Ct);
        async Task<long> RowsAsync()
        {
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM zks_grain_state WHERE grain_id_extension = @id", db);
            count.Parameters.AddWithValue("id", requestId);
            return (long)(await count.ExecuteScalarAsync(Ct))!;
        }
        Assert.Equal(1, await RowsAsync());
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await RowsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired quote is still in PostgreSQL:\n" + cluster.NodeOutput);
            await Task.Delay(500, Ct);
        }
    }

}
