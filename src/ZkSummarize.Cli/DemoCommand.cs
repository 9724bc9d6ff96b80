using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZkSummarize.Cli.Receipts;
using ZkSummarize.Core;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks demo`: one paid, proven summary on the embedded default, step by step. It starts the dev chain,
/// deploys the escrow program built from source, makes a USDC-like mint, funds a client, a worker and a
/// treasury; the client locks the price in escrow for a document; the worker summarises it (TextRank),
/// proves the summary (Groth16, development key) and attests it on chain, which pays the worker; then
/// the receipt is verified offline and on chain. (The node with x402 and gRPC takes over the client and
/// worker roles in the next step.)
/// </summary>
internal static class DemoCommand
{
    private const byte UsdcDecimals = 6;
    private const ulong Price = 250_000; // 0.25 USDC
    private const ushort FeeBasisPoints = 500;

    public static Command Create()
    {
        var document = new Option<FileInfo?>("--document") { Description = "The document to summarise (default: a BBC article from ../shared/data when present, else our sample)." };
        var receiptPath = new Option<FileInfo>("--receipt") { Description = "Where to write the receipt.", DefaultValueFactory = _ => new FileInfo("receipt.json") };
        var command = new Command("demo", "Pay for a summary in USDC, get it proven and attested on a local chain, and verify the receipt.") { document, receiptPath };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await RunAsync(parse.GetValue(document), parse.GetValue(receiptPath)!, ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or TransactionFailedException or InvalidOperationException or TimeoutException or HttpRequestException or DocumentException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The demo failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task RunAsync(FileInfo? documentFile, FileInfo receiptFile, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        var programFile = Path.Combine(root, "src", "onchain", "build", "zksummarize_escrow.so");
        var circuitFolder = Path.Combine(root, "circuits", "build");
        if (!File.Exists(programFile) || !File.Exists(Path.Combine(circuitFolder, "grounding.r1cs")))
        {
            throw new InvalidOperationException("The program or the circuit is not built. Run scripts/demo.sh, which builds both (src/onchain/build.sh, circuits/build.sh).");
        }
        var (title, text) = LoadDocument(documentFile, root);

        await using var chain = await Step("Starting the dev chain (LiteSVM, agave 4.3 runtime)", () => DevChainProcess.StartAsync(new DevChainOptions(), cancellationToken: ct));
        var rpc = SolanaRpcClient.Create(chain.RpcUrl);
        var admin = new DevChainAdmin(new HttpClient(), chain.RpcUrl);
        var tokens = new TokenClient(rpc);
        using var programKey = Keypair.Generate();
        var program = new EscrowProgram(programKey.PublicKey);
        using var issuer = Keypair.Generate();
        using var mint = Keypair.Generate();
        using var client = Keypair.Generate();
        using var worker = Keypair.Generate();
        using var treasuryOwner = Keypair.Generate();

        var programBytes = await File.ReadAllBytesAsync(programFile, ct);
        await Step($"Deploying the escrow program built from source ({programBytes.Length:N0} bytes, sha256 {Receipt.Hash(programBytes)[..16]}…)", () => admin.AddProgramAsync(program.ProgramId.ToString(), programBytes, ct));
        await Step("Funding the issuer, client, worker and treasury with SOL for fees", async () =>
        {
            foreach (var wallet in new[] { issuer, client, worker, treasuryOwner })
            {
                await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(wallet.PublicKey, 2_000_000_000, ct), cancellationToken: ct);
            }
        });
        await Step($"Creating a USDC-like mint ({UsdcDecimals} decimals)", () => tokens.CreateMintAsync(issuer, mint, UsdcDecimals, issuer.PublicKey, ct));
        var clientUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, client.PublicKey, mint.PublicKey, ct);
        var workerUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, worker.PublicKey, mint.PublicKey, ct);
        var treasuryUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, treasuryOwner.PublicKey, mint.PublicKey, ct);
        await Step("Minting 10 USDC to the client", () => tokens.MintToAsync(issuer, mint.PublicKey, clientUsdc, issuer, 10_000_000, ct));

        var prover = await Step("Loading the grounding circuit and making the development key (about 10 s)", () => Task.Run(() => new GroundingProver(
            File.ReadAllBytes(Path.Combine(circuitFolder, "grounding_js", "grounding.wasm")),
            DevelopmentSetup.Create(R1cs.Read(File.ReadAllBytes(Path.Combine(circuitFolder, "grounding.r1cs"))), GroundingProver.DevelopmentSeed)), ct));
        using var _ = prover;
        await Step($"Configuring the program: mint, treasury, {FeeBasisPoints / 100.0:0.#}% fee, verifying key", async () =>
        {
            await rpc.SendAsync([program.InitializeConfig(issuer.PublicKey, mint.PublicKey, treasuryUsdc, FeeBasisPoints)], [issuer], ct);
            await rpc.SendAsync([program.SetVerifyingKey(issuer.PublicKey, SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey))], [issuer], ct);
        });
        var wallets = new[] { ("client", clientUsdc), ("worker", workerUsdc), ("treasury", treasuryUsdc) };
        await ShowBalances(rpc, "Before", wallets, ct);

        var document = Document.Parse(text);
        var commitment = DocumentCommitment.Create(document);
        var requestId = FieldEncoding.NewRequestId();
        AnsiConsole.MarkupLineInterpolated($"Document: [bold]{title}[/] — {document.Sentences.Count} sentences, docRoot {Hex(commitment.DocRoot.ToBytesBigEndian())[..16]}…");
        var deadline = await admin.AdvanceTimeAsync(0, ct) + 600;
        var openSignature = await Step($"Client locks {Usdc(Price)} USDC in escrow for request {Convert.ToHexStringLower(requestId)[..16]}", () =>
            rpc.SendAsync(program.OpenEscrowWithVault(client.PublicKey, clientUsdc, mint.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), Price, deadline), [client], ct));

        var summary = await Step("Worker summarises (TextRank, 3 sentences)", () => new TextRankSummarizer().SummarizeAsync(document, SummaryLength.Sentences(3), ct));
        foreach (var sentence in summary.Sentences) AnsiConsole.MarkupLineInterpolated($"    [[{sentence.Index}]] {sentence.Text}");
        var proof = await Step("Worker proves every summary sentence is in the document (Groth16)", () => Task.Run(() =>
            prover.Prove(GroundingInput.ForIndices(commitment, summary.Indices, requestId, worker.PublicKey.ToBytes())), ct));
        var attestSignature = await Step("Worker attests on chain: the program verifies the proof and pays", () => rpc.SendAsync(
            [ComputeBudgetProgram.SetComputeUnitLimit(300_000), program.Attest(worker.PublicKey, workerUsdc, treasuryUsdc, client.PublicKey, mint.PublicKey, requestId, proof.PublicInputs[1].ToBytesBigEndian(), proof.ToSolanaBytes())],
            [worker], ct));
        var attestDetails = await rpc.GetTransactionAsync(attestSignature, cancellationToken: ct);
        AnsiConsole.MarkupLineInterpolated($"    {attestDetails?.ComputeUnitsConsumed:N0} compute units");
        await ShowBalances(rpc, "After", wallets, ct);

        var verifyingKey = SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey);
        var receipt = Receipt.Create(requestId, commitment, summary.Sentences, proof, (worker.PublicKey.ToString(), worker.PublicKey.ToBytes()), verifyingKey,
            program.ProgramId.ToString(), program.FindAttestation(requestId).Address.ToString(),
            new Dictionary<string, string> { ["openEscrow"] = openSignature, ["attest"] = attestSignature });
        await File.WriteAllTextAsync(receiptFile.FullName, receipt.ToJson(), ct);
        AnsiConsole.MarkupLineInterpolated($"Receipt written to {receiptFile.FullName}. Checking it as a verifier would:");
        if (await VerifyCommand.RunAsync(receiptFile, chain.RpcUrl, ct) != ExitCodes.Success) throw new InvalidOperationException("The receipt did not verify.");
        AnsiConsole.MarkupLine("[green]Done.[/]");
    }

    private static (string Title, string Text) LoadDocument(FileInfo? file, string root)
    {
        if (file is not null) return (file.Name, File.ReadAllText(file.FullName));
        var bbc = Path.Combine(root, "..", "shared", "data", "bbc-news-summary", "article", "business", "001.txt");
        var path = File.Exists(bbc) ? bbc : Path.Combine(AppContext.BaseDirectory, "Samples", "city-transport.txt");
        var lines = File.ReadAllText(path).Split('\n', 2);
        return (lines[0].Trim(), lines[1]);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Usdc(ulong units) => (units / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);

    private static async Task<T> Step<T>(string title, Func<Task<T>> action)
    {
        var result = await AnsiConsole.Status().StartAsync(title + "…", _ => action());
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {title}");
        return result;
    }

    private static Task Step(string title, Func<Task> action) => Step(title, async () =>
    {
        await action();
        return true;
    });

    private static async Task ShowBalances(SolanaRpcClient rpc, string title, (string Name, PublicKey Usdc)[] wallets, CancellationToken ct)
    {
        var table = new Table().Title(title).AddColumns("who", "USDC account", "USDC");
        foreach (var (name, usdc) in wallets)
        {
            var balance = await rpc.GetTokenAccountBalanceAsync(usdc, cancellationToken: ct);
            table.AddRow(name, usdc.ToString(), balance.UiAmountString);
        }
        AnsiConsole.Write(table);
    }
}
