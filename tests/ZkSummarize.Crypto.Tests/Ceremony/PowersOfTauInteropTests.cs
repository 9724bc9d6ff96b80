using ZkSummarize.Crypto.Ceremony;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>Phase 1 against snarkjs: the same bytes where the computation is deterministic, and each accepts the other's files.</summary>
public sealed class PowersOfTauInteropTests
{
    private const string BeaconHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    [Fact]
    public async Task New_and_beacon_give_snarkjs_bytes()
    {
        using var dir = new TempFolder();
        await Snarkjs.RunCheckedAsync("powersoftau", "new", "bn128", "5", dir["s0.ptau"]);
        var ours = PowersOfTau.New(5);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s0.ptau"], TestContext.Current.CancellationToken), ours.Write());

        await Snarkjs.RunCheckedAsync("powersoftau", "beacon", dir["s0.ptau"], dir["s1.ptau"], BeaconHex, "10", "-n=b");
        var beacon = PowersOfTau.Beacon(ours, "b", BeaconHex, 10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s1.ptau"], TestContext.Current.CancellationToken), beacon.Write());
    }

    [Fact]
    public async Task Prepare_phase2_gives_snarkjs_bytes_for_a_snarkjs_contribution()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var (contributed, snarkjsPrepared) = await Snarkjs.PhaseOneAsync(dir, 6);
        var prepared = PhaseTwoPreparation.Prepare(PtauFile.Read(await File.ReadAllBytesAsync(contributed, ct)), cancellationToken: ct);
        Assert.Equal(await File.ReadAllBytesAsync(snarkjsPrepared, ct), prepared.Write());
    }

    [Fact]
    public async Task A_mixed_chain_verifies_with_both()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var first = PowersOfTau.Contribute(PowersOfTau.New(6), "ours first", "entropy", cancellationToken: ct);
        await File.WriteAllBytesAsync(dir["p1.ptau"], first.Write(), ct);
        await Snarkjs.RunCheckedAsync("powersoftau", "contribute", dir["p1.ptau"], dir["p2.ptau"], "-n=snarkjs second", "-e=more entropy");
        var third = PowersOfTau.Contribute(PtauFile.Read(await File.ReadAllBytesAsync(dir["p2.ptau"], ct)), "ours third", null, cancellationToken: ct);
        var final = PhaseTwoPreparation.Prepare(PowersOfTau.Beacon(third, "beacon", BeaconHex, 10, cancellationToken: ct), cancellationToken: ct);
        await File.WriteAllBytesAsync(dir["final.ptau"], final.Write(), ct);

        var snarkjs = await Snarkjs.RunCheckedAsync("powersoftau", "verify", dir["final.ptau"]);
        Assert.Contains("Powers of Tau Ok!", snarkjs.StandardOutput, StringComparison.Ordinal);
        var report = PowersOfTauVerifier.Verify(PtauFile.Read(await File.ReadAllBytesAsync(dir["final.ptau"], ct)), cancellationToken: ct);
        Assert.True(report.IsValid, report.Failure);
        Assert.Equal(["ours first", "snarkjs second", "ours third", "beacon"], report.Contributions.Select(c => c.Name));
        Assert.True(report.Contributions[3].IsBeacon);
        foreach (var c in report.Contributions) Assert.Contains(PtauHashes.Format(c.NextChallenge), snarkjs.StandardOutput, StringComparison.Ordinal);
    }
}
