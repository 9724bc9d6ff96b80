using System.Text.Json.Nodes;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>The README's main job (`zks demo`) as a real process, and `zks verify` on its receipt and on tampered copies.</summary>
public sealed class DemoAndVerifyTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_pays_proves_attests_and_its_receipt_verifies_while_tampered_copies_do_not()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        await CircuitBuild.EnsureBuiltAsync();
        var dir = Directory.CreateTempSubdirectory("zks-demo-");
        try
        {
            var receipt = Path.Combine(dir.FullName, "receipt.json");
            var demo = await ZksProcess.RunAsync(["demo", "--receipt", receipt], Ct);
            Assert.True(demo.ExitCode == 0, demo.Output + demo.Error);
            Assert.Contains("The attestation", demo.Output, StringComparison.Ordinal);
            Assert.Contains("Done.", demo.Output, StringComparison.Ordinal);

            var valid = await ZksProcess.RunAsync(["verify", receipt], Ct);
            Assert.True(valid.ExitCode == 0, valid.Output);

            var original = JsonNode.Parse(await File.ReadAllTextAsync(receipt, Ct))!.AsObject();
            foreach (var (name, tamper, expected) in Tamperings())
            {
                var copy = original.DeepClone().AsObject();
                tamper(copy);
                var path = Path.Combine(dir.FullName, $"{name}.json");
                await File.WriteAllTextAsync(path, copy.ToJsonString(), Ct);
                var result = await ZksProcess.RunAsync(["verify", path], Ct);
                Assert.True(result.ExitCode == 1, $"{name}: {result.Output}");
                Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " "), StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>security.md K1: a receipt under the development key (real proof, public secrets) proves nothing, and zks verify says so with its own exit code.</summary>
    [Fact]
    public async Task Zks_verify_refuses_a_development_key_receipt_as_forgeable_on_the_dev_chain_and_off_it()
    {
        await CircuitBuild.EnsureBuiltAsync();
        var document = Core.Documents.Document.Parse("The council met on Monday. It approved the budget. Buses will run more often.");
        var commitment = Core.Commitments.DocumentCommitment.Create(document);
        var requestId = Core.Commitments.FieldEncoding.NewRequestId();
        var worker = Enumerable.Range(0, 32).Select(i => (byte)(i + 3)).ToArray();
        using var prover = new Core.Proving.GroundingProver(await File.ReadAllBytesAsync(RepoPaths.Combine("circuits", "build", "grounding_js", "grounding.wasm"), Ct),
            Crypto.Groth16.DevelopmentSetup.Create(Crypto.Snarkjs.R1cs.Read(await File.ReadAllBytesAsync(RepoPaths.Combine("circuits", "build", "grounding.r1cs"), Ct)), Core.Proving.GroundingProver.DevelopmentSeed));
        var proof = prover.Prove(Core.Commitments.GroundingInput.ForIndices(commitment, [0, 2], requestId, worker));
        var dir = Directory.CreateTempSubdirectory("zks-forgeable-");
        try
        {
            async Task<ZksProcess.Result> Verify(string network)
            {
                var receipt = Core.Receipts.Receipt.Create(new Core.Receipts.ReceiptOrigin(network, "Program", Core.Receipts.TrustedKeys.Development.Hash, Core.Receipts.Settlements.Escrow),
                    requestId, commitment, [document.Sentences[0], document.Sentences[2]], proof, ("Worker", worker), "Attestation");
                var path = Path.Combine(dir.FullName, $"{network.Replace(':', '-')}.json");
                await File.WriteAllTextAsync(path, receipt.ToJson(), Ct);
                return await ZksProcess.RunAsync(["verify", path], Ct);
            }
            var onDevChain = await Verify(Core.Receipts.TrustedKeys.DevChainNetwork);
            Assert.True(onDevChain.ExitCode == 4, onDevChain.Output);
            Assert.Contains("FORGEABLE", onDevChain.Output, StringComparison.Ordinal);
            Assert.Contains("the development key", onDevChain.Output, StringComparison.Ordinal);
            var onDevnet = await Verify("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
            Assert.True(onDevnet.ExitCode == 4, onDevnet.Output);
            Assert.Contains("not accepted on solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", System.Text.RegularExpressions.Regex.Replace(onDevnet.Output, @"\s+", " "), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string Name, Action<JsonObject> Tamper, string Expected)> Tamperings()
    {
        yield return ("text", r => r["summary"]![0]!["text"] = r["summary"]![0]!["text"]!.GetValue<string>() + " Allegedly.", "do not hash to summaryHash");
        yield return ("order", r =>
        {
            var summary = r["summary"]!.AsArray();
            var first = summary[0]!.DeepClone();
            summary[0] = summary[1]!.DeepClone();
            summary[1] = first;
        }, "not strictly increasing");
        yield return ("proof", r =>
        {
            var proof = r["proof"]!.GetValue<string>().ToCharArray();
            proof[300] = proof[300] == '0' ? '1' : '0';
            r["proof"] = new string(proof);
        }, "proof");
        // change the last hex digit (a fixed prefix would sometimes equal the original and change nothing)
        yield return ("summaryHash", r =>
        {
            var hash = r["summaryHash"]!.GetValue<string>();
            r["summaryHash"] = hash[..^1] + (hash[^1] == '0' ? '1' : '0');
        }, "summaryHash");
        yield return ("version", r => r["version"] = 99, "version 99 is not supported");
        yield return ("key", r => r["verifyingKeyHash"] = new string('7', 64), "not a key this software pins");
        yield return ("development key", r => r["verifyingKeyHash"] = ZkSummarize.Core.Receipts.TrustedKeys.Development.Hash, "FORGEABLE");
    }
}
