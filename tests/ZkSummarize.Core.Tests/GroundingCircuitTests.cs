using System.Diagnostics;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Hashing;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Testing;

namespace ZkSummarize.Core.Tests;

/// <summary>The tests that need the compiled circuit share one build and one development key.</summary>
[CollectionDefinition(Name)]
public sealed class GroundingCircuitCollection : ICollectionFixture<GroundingCircuitFixture>
{
    public const string Name = "grounding circuit";
}

/// <summary>Compiles the grounding family once (circuits/build.sh) for the tests that run it, and makes each member's development key at most once.</summary>
public sealed class GroundingCircuitFixture : IAsyncLifetime
{
    public string Circuits { get; } = RepoPaths.Combine("circuits");

    public async ValueTask InitializeAsync() => await CircuitBuild.EnsureBuiltAsync();

    public ValueTask DisposeAsync()
    {
        foreach (var prover in _provers.Values.Where(p => p.IsValueCreated)) prover.Value.Dispose();
        return ValueTask.CompletedTask;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<GroundingCircuit, Lazy<GroundingProver>> _provers = new();

    /// <summary>A prover for the full circuit over its development key (made once, in about 10 s).</summary>
    public GroundingProver Prover => ProverFor(GroundingFamily.Full);

    /// <summary>A prover for <paramref name="member"/> over its development key (made once per member). Skips the test in a mutation run.</summary>
    public GroundingProver ProverFor(GroundingCircuit member)
    {
        MutationRun.SkipIfSkipped("proofs");
        return _provers.GetOrAdd(member, m => new Lazy<GroundingProver>(() => GroundingProver.WithDevelopmentKey(m, Path.Combine(Circuits, "build")))).Value;
    }

    /// <summary>
    /// Whether <paramref name="input"/> satisfies <paramref name="member"/>: snarkjs computes the witness with the
    /// member's wasm and checks it against its r1cs. False only when a constraint fails.
    /// </summary>
    public async Task<bool> Satisfies(GroundingCircuit member, System.Text.Json.Nodes.JsonObject input)
    {
        MutationRun.SkipIfSkipped("proofs");
        var dir = Directory.CreateTempSubdirectory("zks-grounding-");
        try
        {
            var inputPath = Path.Combine(dir.FullName, "input.json");
            var witnessPath = Path.Combine(dir.FullName, "witness.wtns");
            await File.WriteAllTextAsync(inputPath, input.ToJsonString());
            var calculate = await Snarkjs("wtns", "calculate", member.WasmPath("build"), inputPath, witnessPath);
            if (calculate.ExitCode != 0)
            {
                // a constraint failed, not some other problem with the input
                Assert.Contains("Assert Failed", calculate.Output + calculate.Error, StringComparison.Ordinal);
                return false;
            }
            var check = await Snarkjs("wtns", "check", member.R1csPath("build"), witnessPath);
            Assert.True(check.ExitCode == 0 && check.Output.Contains("WITNESS IS CORRECT", StringComparison.Ordinal), check.Output + check.Error);
            return true;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs snarkjs (circuits/node_modules) with the circuit folder as working directory.</summary>
    public Task<(int ExitCode, string Output, string Error)> Snarkjs(params string[] args)
    {
        MutationRun.SkipIfSkipped("proofs");
        return Run("node", [Path.Combine(Circuits, "node_modules", "snarkjs", "build", "cli.cjs"), .. args], TimeSpan.FromMinutes(2));
    }

    private async Task<(int ExitCode, string Output, string Error)> Run(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Circuits, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}.");
        }
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>
/// The circuit and the C# commitment scheme agree: witnesses built in C# satisfy every constraint
/// (checked against the r1cs by snarkjs), and tampered ones do not.
/// </summary>
[Collection(GroundingCircuitCollection.Name)]
public sealed class GroundingCircuitTests(GroundingCircuitFixture circuit)
{
    private static readonly byte[] Worker = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private static readonly Document Article = Document.Parse("""
        The city council approved a new budget for public transport on Monday. The budget adds twelve new
        bus routes and extends the tram line to the airport.

        Council members argued for hours about the cost. Supporters said the tram would cut traffic on the
        airport road. Critics said cyclists were ignored.

        The new bus routes start in March, and the tram extension opens next year.
        """);

    private Task<bool> SatisfiesCircuit(System.Text.Json.Nodes.JsonObject input) => circuit.Satisfies(GroundingFamily.Full, input);

    [Fact]
    public async Task A_summary_of_a_real_document_satisfies_the_circuit()
    {
        var commitment = DocumentCommitment.Create(Article);
        var input = GroundingInput.ForSentences(commitment, [Article.Sentences[0].Text, Article.Sentences[3].Text, Article.Sentences[5].Text], FieldEncoding.NewRequestId(), Worker);
        Assert.True(await SatisfiesCircuit(input.ToCircomInput(GroundingFamily.Full)));
    }

    [Fact]
    public async Task A_summary_of_sixteen_sentences_at_the_end_of_a_full_tree_satisfies_the_circuit()
    {
        var document = Document.Parse(string.Join(' ', Enumerable.Range(0, 4096).Select(i => $"Fact number {i}.")));
        var input = GroundingInput.ForIndices(DocumentCommitment.Create(document), Enumerable.Range(4080, 16).ToArray(), FieldEncoding.NewRequestId(), Worker);
        Assert.True(await SatisfiesCircuit(input.ToCircomInput(GroundingFamily.Full)));
    }

    [Theory]
    [InlineData("summaryHash")]
    [InlineData("docRoot")]
    [InlineData("requestId")]
    [InlineData("count")]
    [InlineData("leaf")]
    [InlineData("sibling")]
    [InlineData("order")]
    [InlineData("count-zero")]
    public async Task A_tampered_witness_does_not_satisfy_the_circuit(string tamper)
    {
        var commitment = DocumentCommitment.Create(Article);
        var input = GroundingInput.ForIndices(commitment, [1, 2, 4], FieldEncoding.NewRequestId(), Worker).ToCircomInput(GroundingFamily.Full);
        switch (tamper)
        {
            case "summaryHash" or "docRoot" or "requestId":
                input[tamper] = (System.Numerics.BigInteger.Parse(input[tamper]!.GetValue<string>()) + 1).ToString();
                break;
            case "count":
                input["count"] = "2";
                break;
            case "count-zero":
                input["count"] = "0";
                break;
            case "leaf":
                input["leaf"]![1] = commitment.Tree.Leaf(3).ToString(); // a real leaf, at the wrong index
                break;
            case "sibling":
                input["siblings"]![0]![0] = "12345";
                break;
            case "order":
                (input["index"]![0], input["index"]![1]) = ("2", "1");
                (input["leaf"]![0], input["leaf"]![1]) = (input["leaf"]![1]!.GetValue<string>(), input["leaf"]![0]!.GetValue<string>());
                (input["siblings"]![0], input["siblings"]![1]) = (input["siblings"]![1]!.DeepClone(), input["siblings"]![0]!.DeepClone());
                break;
        }
        Assert.False(await SatisfiesCircuit(input));
    }

    /// <summary>
    /// Leaves past the document's last sentence are 0, and a path to one of them is valid under docRoot:
    /// the circuit must refuse a padding leaf as a summary sentence (a "sentence" the document does not have).
    /// </summary>
    [Fact]
    public async Task A_padding_leaf_past_the_end_of_the_document_is_not_a_sentence()
    {
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var input = GroundingInput.ForIndices(commitment, [1, 2, 4], requestId, Worker).ToCircomInput(GroundingFamily.Full);
        var end = commitment.Tree.LeafCount;
        // The same tree with an explicit zero leaf at the end has the same root, and gives that leaf's path.
        var padded = new MerkleTree([.. Enumerable.Range(0, end).Select(commitment.Tree.Leaf), Fr.Zero]);
        Assert.Equal(commitment.DocRoot, padded.Root);
        input["index"]![2] = end.ToString(System.Globalization.CultureInfo.InvariantCulture);
        input["leaf"]![2] = "0";
        input["siblings"]![2] = new System.Text.Json.Nodes.JsonArray(padded.Siblings(end).Select(s => (System.Text.Json.Nodes.JsonNode)s.ToString()).ToArray());
        var chain = FieldEncoding.RequestId(requestId);
        foreach (var leaf in new[] { commitment.Tree.Leaf(1), commitment.Tree.Leaf(2), Fr.Zero }) chain = Poseidon.Hash(chain, leaf);
        input["summaryHash"] = Poseidon.Hash(chain, Fr.FromUInt64(3)).ToString();
        Assert.False(await SatisfiesCircuit(input));
    }

    [Fact]
    public void A_sentence_that_is_not_in_the_document_is_refused_before_proving()
    {
        var commitment = DocumentCommitment.Create(Article);
        var e = Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(commitment, ["The council banned cars."], FieldEncoding.NewRequestId(), Worker));
        Assert.Contains("is not a sentence of the document", e.Message, StringComparison.Ordinal);
        var order = Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(commitment, [Article.Sentences[3].Text, Article.Sentences[0].Text], FieldEncoding.NewRequestId(), Worker));
        Assert.Contains("document order", order.Message, StringComparison.Ordinal);
    }
}
