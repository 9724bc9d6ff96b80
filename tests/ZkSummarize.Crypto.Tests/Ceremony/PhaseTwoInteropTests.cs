using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>Phase 2 against snarkjs on the toy circuit: the same bytes where deterministic, and each accepts the other's keys.</summary>
public sealed class PhaseTwoInteropTests
{
    private const string BeaconHex = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static string Toy => Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", "toy.r1cs");

    [Fact]
    public async Task Setup_and_beacon_give_snarkjs_bytes()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        await Snarkjs.RunCheckedAsync("powersoftau", "new", "bn128", "5", dir["p0.ptau"]);
        await Snarkjs.RunCheckedAsync("powersoftau", "contribute", dir["p0.ptau"], dir["p1.ptau"], "-n=first", "-e=entropy");
        await Snarkjs.RunCheckedAsync("powersoftau", "prepare", "phase2", dir["p1.ptau"], dir["p.ptau"]);
        await Snarkjs.RunCheckedAsync("groth16", "setup", Toy, dir["p.ptau"], dir["s0.zkey"]);
        var ours = PhaseTwo.New(R1cs.Read(await File.ReadAllBytesAsync(Toy, ct)), PtauFile.Read(await File.ReadAllBytesAsync(dir["p.ptau"], ct)), cancellationToken: ct);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s0.zkey"], ct), ours.Write());

        await Snarkjs.RunCheckedAsync("zkey", "beacon", dir["s0.zkey"], dir["s1.zkey"], BeaconHex, "10", "-n=final");
        var beacon = PhaseTwo.Beacon(ours, "final", BeaconHex, 10, cancellationToken: ct);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s1.zkey"], ct), beacon.Write());
    }
}
