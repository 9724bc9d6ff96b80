using System.Security.Cryptography;
using System.Text;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// docs/receipts.md's outsider recipe, run as written: a receipt from a real paid job, its snarkjsProof and
/// publicSignals saved as files, and the real snarkjs CLI (circuits/node_modules) verifying them under the
/// committed verification_key.json, with no code of ours in between. The receipt also says which text was committed.
/// </summary>
[Collection(ReceiptsAndAgentsCollection.Name)]
public sealed class SnarkjsReceiptTests(EscrowNodeFixture node)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snarkjs_verifies_the_receipts_own_proof_and_refuses_it_for_other_public_signals()
    {
        var receipt = await node.ReceiptAsync();
        var folder = Directory.CreateTempSubdirectory("zks-snarkjs-");
        try
        {
            var proof = Path.Combine(folder.FullName, "proof.json");
            var signals = Path.Combine(folder.FullName, "public.json");
            await File.WriteAllTextAsync(proof, receipt.SnarkjsProof!.ToJsonString(), Ct);
            await File.WriteAllTextAsync(signals, System.Text.Json.JsonSerializer.Serialize(receipt.PublicSignals), Ct);
            var verified = await Snarkjs(signals, proof);
            Assert.True(verified.ExitCode == 0, verified.StandardOutput + verified.StandardError);
            Assert.Contains("OK", verified.StandardOutput, StringComparison.Ordinal);

            // Another summaryHash (another summary) under the same proof: refused.
            await File.WriteAllTextAsync(signals, System.Text.Json.JsonSerializer.Serialize(new[] { receipt.PublicSignals![0], "1", receipt.PublicSignals[2], receipt.PublicSignals[3] }), Ct);
            var refused = await Snarkjs(signals, proof);
            Assert.NotEqual(0, refused.ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // The committed text is the test article as the client sent it.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TestDocuments.Article))), receipt.CommittedText!.Sha256);
        Assert.Equal(Encoding.UTF8.GetByteCount(TestDocuments.Article), receipt.CommittedText.Utf8Bytes);
        Assert.Equal(5, receipt.CommittedText.Sentences);
    }

    private static Task<ScriptResult> Snarkjs(string signals, string proof) =>
        NodeScript.RunAsync(RepoPaths.Combine("circuits", "node_modules", ".bin", "snarkjs"),
            ["groth16", "verify", RepoPaths.Combine("circuits", "verification_key.json"), signals, proof], TimeSpan.FromMinutes(1), Ct);
}
