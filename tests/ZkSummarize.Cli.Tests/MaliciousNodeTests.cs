using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>
/// security.md C1–C3: `zks summarize` against a node that lies. The client never takes the node's word for
/// what it pays for (the document's commitment, the length, the program) or for what it got (the receipt):
/// it checks each before paying or before reporting success.
/// </summary>
public sealed class MaliciousNodeTests(DevChainFixture chain) : IClassFixture<DevChainFixture>, IDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Text = "The council met on Monday. It approved the budget. Buses will run more often. Critics were not convinced. The vote was close.";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zks-liar-");
    private readonly string _requestId = Convert.ToHexStringLower(FieldEncoding.NewRequestId());
    private readonly PublicKey _program = Keypair.Generate().PublicKey;

    private static string DocRoot(string text) => Convert.ToHexStringLower(DocumentCommitment.Create(Document.Parse(text)).DocRoot.ToBytesBigEndian());

    private PaymentRequirements Offer(string docRoot, int sentences) => new("escrow", TrustedKeys.DevChainNetwork, "250000", Keypair.Generate().PublicKey.ToString(), _program.ToString(), 600,
        new JsonObject
        {
            ["feePayer"] = Keypair.Generate().PublicKey.ToString(), ["programId"] = _program.ToString(), ["operator"] = Keypair.Generate().PublicKey.ToString(),
            ["requestId"] = _requestId, ["docRoot"] = docRoot, ["sentences"] = sentences, ["deadline"] = 2_000_000_000L,
        });

    private static HttpAnswer PaymentRequired(PaymentRequirements offer) => new(HttpStatusCode.PaymentRequired, "{}",
        Headers: new Dictionary<string, string> { [X402Headers.PaymentRequired] = X402Headers.Encode(new PaymentRequired(2, new ResourceInfo("http://node/v1/summaries"), [offer])) });

    private async Task<(ZksProcess.Result Run, LoopbackHttpServer Node)> SummarizeAsync(Func<int, string, HttpAnswer> node, params string[] more)
    {
        var server = LoopbackHttpServer.Start(node);
        var document = Path.Combine(_dir.FullName, "doc.txt");
        var key = Path.Combine(_dir.FullName, "client.json");
        await File.WriteAllTextAsync(document, Text, Ct);
        using (var client = Keypair.Generate()) client.SaveSolanaKeygenFile(key);
        var run = await ZksProcess.RunAsync(["summarize", document, "--node", server.Url.ToString(), "--keypair", key, "--rpc", chain.RpcUrl.ToString(), "--sentences", "3",
            "--receipt", Path.Combine(_dir.FullName, "receipt.json"), .. more], Ct);
        return (run, server);
    }

    /// <summary>
    /// The program's config, written straight into the dev chain: its slot 0 names the development key, which is all a
    /// client reads before it opens an escrow. Kind 1 and the keys at byte 104 are state.h's layout (IdlTests check it).
    /// </summary>
    private async Task ConfigureProgramAsync()
    {
        var config = new byte[EscrowProgram.ConfigSize];
        config[0] = 1;
        Convert.FromHexString(TrustedKeys.Development.Hash).CopyTo(config, 104);
        await chain.Admin.SetAccountAsync(new EscrowProgram(_program).FindConfig().Address.ToString(), 1_000_000_000, config, _program.ToString(), cancellationToken: Ct);
    }

    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static HttpAnswer Busy(string retryAfter) => new(HttpStatusCode.ServiceUnavailable, """{"detail":"Too busy."}""",
        Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    [Fact]
    public async Task A_busy_node_asking_for_a_wait_longer_than_max_wait_is_given_up_at_once_and_nothing_is_paid()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (run, node) = await SummarizeAsync((_, _) => Busy("86400"), "--max-wait", "2m");
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("would pass --max-wait (120 s)", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains("Nothing was paid", Flat(run.Output), StringComparison.Ordinal);
            Assert.Single(node.Requests);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "it waited for a wait it had already given up");
        }
    }

    [Fact]
    public async Task A_busy_node_asking_for_no_wait_is_asked_at_most_once_a_second_until_max_wait()
    {
        var (run, node) = await SummarizeAsync((_, _) => Busy("0"), "--max-wait", "3");
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(4, node.Requests.Count); // at 0, 1, 2 and 3 s; a fourth wait would pass 3 s
            Assert.Contains("Asked 4 time(s) over 3 s", Flat(run.Output), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_quote_for_another_document_is_refused_before_paying()
    {
        var (run, node) = await SummarizeAsync((_, _) => PaymentRequired(Offer(DocRoot(Text + " And one more."), 3)));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("another document", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains("Nothing was paid", Flat(run.Output), StringComparison.Ordinal);
            Assert.Single(node.Requests); // the quote only: no payment was sent
        }
    }

    [Fact]
    public async Task A_quote_for_another_length_is_refused_before_paying()
    {
        var (run, node) = await SummarizeAsync((_, _) => PaymentRequired(Offer(DocRoot(Text), 1)));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("not the 3 asked for", Flat(run.Output), StringComparison.Ordinal);
            Assert.Single(node.Requests);
        }
    }

    [Fact]
    public async Task A_quote_naming_another_program_than_the_trusted_one_is_refused_before_paying()
    {
        var trusted = Keypair.Generate().PublicKey.ToString();
        var (run, node) = await SummarizeAsync((_, _) => PaymentRequired(Offer(DocRoot(Text), 3)), "--program", trusted);
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"not {trusted}", Flat(run.Output), StringComparison.Ordinal);
            Assert.Single(node.Requests);
        }
    }

    /// <summary>A receipt the liar makes up for this document (three of its sentences), under the given request id.</summary>
    private static Receipt MadeUpReceipt(string requestId, PublicKey program)
    {
        var document = Document.Parse(Text);
        return new Receipt
        {
            Network = TrustedKeys.DevChainNetwork, ProgramId = program.ToString(), Settlement = Settlements.Escrow, RequestId = requestId, DocRoot = DocRoot(Text),
            Summary = [.. new[] { 0, 2, 4 }.Select(i => new ReceiptSentence(i, document.Sentences[i].Text))], SummaryHash = new string('1', 64),
            Worker = Keypair.Generate().PublicKey.ToString(), WorkerKey = new string('2', 64), Proof = new string('0', 512), PublicInputs = [],
            VerifyingKeyHash = TrustedKeys.Development.Hash, VerifyingKeyName = "whatever the node says", Forgeable = false, Attestation = program.ToString(),
            Transactions = new Dictionary<string, string>(),
        };
    }

    private static HttpAnswer Answer(Receipt receipt) => new(HttpStatusCode.OK, new JsonObject
    {
        ["docRoot"] = receipt.DocRoot, ["indices"] = new JsonArray(0, 2, 4), ["sentences"] = new JsonArray([.. receipt.Summary.Select(s => (JsonNode)s.Text)]),
        ["method"] = "liar", ["paymentTransaction"] = "none", ["requestId"] = receipt.RequestId, ["receipt"] = JsonNode.Parse(receipt.ToJson()),
    }.ToJsonString());

    [Fact]
    public async Task A_summary_whose_receipt_does_not_check_out_is_not_reported_as_bought()
    {
        await ConfigureProgramAsync(); // the client opens its escrow under the config's current key, so it pays this liar
        var (run, node) = await SummarizeAsync((n, _) => n == 1 ? PaymentRequired(Offer(DocRoot(Text), 3)) : Answer(MadeUpReceipt(_requestId, _program)));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("The receipt does not check out", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains("do not hash to summaryHash", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains($"zks refund {_requestId} --program {_program}", Flat(run.Output), StringComparison.Ordinal);
            Assert.DoesNotContain("Receipt checked", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_receipt_of_another_request_is_not_the_receipt_of_this_payment()
    {
        await ConfigureProgramAsync();
        var another = Convert.ToHexStringLower(FieldEncoding.NewRequestId()); // say, another client's attested request for the same document
        var (run, node) = await SummarizeAsync((n, _) => n == 1 ? PaymentRequired(Offer(DocRoot(Text), 3)) : Answer(MadeUpReceipt(another, _program)));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"the receipt is for request {another}, not {_requestId}, the one paid for", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains($"zks refund {_requestId}", Flat(run.Output), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// After the client has signed its payment, whatever the node sends back: the client neither crashes nor loses the
    /// way back to its money. It says what the node sent and prints the refund command in full, from the quote it paid.
    /// </summary>
    [Theory]
    [InlineData(200, "<html><body>Bad gateway</body></html>", "the node answered 200 but not with a summary: <html>")]
    [InlineData(200, """{"sentences":5,"receipt":"none","paymentTransaction":7}""", "the node answered without a receipt")]
    [InlineData(200, """{"receipt":{"version":"one","proof":[]}}""", "the node's receipt cannot be read")]
    [InlineData(200, "[1,2,3]", "the node answered 200 but not with a summary: [1,2,3]")]
    [InlineData(500, """{"detail":42,"error":["no"]}""", """Payment refused (500): {"detail":42,"error":["no"]}""")]
    [InlineData(402, """{"detail":"Pay again, and again."}""", "Payment refused (402): Pay again, and again.")]
    public async Task Whatever_a_node_answers_to_a_payment_the_client_reports_it_and_how_to_refund(int status, string body, string reported)
    {
        await ConfigureProgramAsync();
        var (run, node) = await SummarizeAsync((n, _) => n == 1 ? PaymentRequired(Offer(DocRoot(Text), 3)) : new HttpAnswer((HttpStatusCode)status, body));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(reported, Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains($"zks refund {_requestId} --program {_program} --mint", Flat(run.Output), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Output, StringComparison.Ordinal);
            Assert.Equal(2, node.Requests.Count); // the quote and the payment, and no more
        }
    }

    /// <summary>A 402 that is not a usable x402 price: no header, an empty offer list, no offers at all, or only other schemes.</summary>
    [Theory]
    [InlineData(null, "without one PAYMENT-REQUIRED header")]
    [InlineData("""{"x402Version":2,"resource":{"url":"http://node"},"accepts":[]}""", "it offers nothing")]
    [InlineData("""{"x402Version":2,"resource":{"url":"http://node"}}""", "The node's price cannot be read: The PAYMENT-REQUIRED header is not a valid PaymentRequired")]
    [InlineData("not json", "The node's price cannot be read")]
    [InlineData("""{"x402Version":2,"resource":{"url":"http://node"},"accepts":[null,{"scheme":"upto","network":"x","amount":"1","asset":"a","payTo":"b","maxTimeoutSeconds":1}]}""", "it offers , upto")]
    public async Task A_402_without_a_usable_price_is_reported_and_nothing_is_paid(string? paymentRequired, string reported)
    {
        var headers = paymentRequired is null ? null : new Dictionary<string, string> { [X402Headers.PaymentRequired] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(paymentRequired)) };
        var (run, node) = await SummarizeAsync((_, _) => new HttpAnswer(HttpStatusCode.PaymentRequired, "{}", Headers: headers));
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(reported, Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains("Nothing was paid", Flat(run.Output), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Output, StringComparison.Ordinal);
            Assert.Single(node.Requests);
        }
    }

    [Fact]
    public async Task A_refusal_whose_detail_is_not_text_is_reported_as_sent_and_nothing_is_paid()
    {
        var (run, node) = await SummarizeAsync((_, _) => new HttpAnswer(HttpStatusCode.TooManyRequests, """{"detail":{"why":"no"}}""",
            Headers: new Dictionary<string, string> { ["Retry-After"] = "86400" }), "--max-wait", "0");
        await using (node)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("""{"detail":{"why":"no"}}""", Flat(run.Output), StringComparison.Ordinal);
            Assert.Contains("Nothing was paid", Flat(run.Output), StringComparison.Ordinal);
            Assert.Single(node.Requests);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
