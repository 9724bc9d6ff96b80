using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// `snarkjs powersoftau prepare phase2`: for every domain 2^p up to 2^power, the four sections in the
/// Lagrange basis (sections 12–15), which phase 2 reads. Deterministic, so it is byte for byte snarkjs's
/// output, and a committed phase-1 file need not carry it: anyone can prepare it again.
/// </summary>
public static class PhaseTwoPreparation
{
    public static PtauFile Prepare(PtauFile ptau, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ptau);
        var lagrange = new Dictionary<int, byte[]>
        {
            [PtauFile.Curve] = Sections(ptau.TauG1, ptau.Power + 1, "τ·G1", progress, cancellationToken),
            [PtauFile.LagrangeTauG2] = Sections(ptau.TauG2, ptau.Power, "τ·G2", progress, cancellationToken),
            [PtauFile.LagrangeAlphaTauG1] = Sections(ptau.AlphaTauG1, ptau.Power, "ατ·G1", progress, cancellationToken),
            [PtauFile.LagrangeBetaTauG1] = Sections(ptau.BetaTauG1, ptau.Power, "βτ·G1", progress, cancellationToken),
        };
        return new PtauFile
        {
            Power = ptau.Power,
            CeremonyPower = ptau.CeremonyPower,
            TauG1 = ptau.TauG1,
            TauG2 = ptau.TauG2,
            AlphaTauG1 = ptau.AlphaTauG1,
            BetaTauG1 = ptau.BetaTauG1,
            BetaG2 = ptau.BetaG2,
            Contributions = ptau.Contributions,
            Lagrange = lagrange,
        };
    }

    /// <summary>
    /// One domain's Lagrange points from the first 2^p powers; past the section's end (τ·G1 has 2^(power+1) − 1
    /// points, one short of the last domain) the missing point is taken as infinity, as snarkjs does.
    /// </summary>
    internal static JacobianPoint<T>[] Block<T>(JacobianPoint<T>[] powers, int p, CancellationToken cancellationToken) where T : struct, IFieldElement<T>
    {
        var n = 1 << p;
        var input = new JacobianPoint<T>[n];
        for (var i = 0; i < n; i++) input[i] = i < powers.Length ? powers[i] : JacobianPoint<T>.Infinity;
        return GroupFft.Inverse<T>(input, cancellationToken);
    }

    private static byte[] Sections<T>(JacobianPoint<T>[] powers, int maxPower, string name, IProgress<string>? progress, CancellationToken cancellationToken) where T : struct, IFieldElement<T>
    {
        var size = SnarkjsPoints.Size<T>();
        var bytes = new byte[((2 << maxPower) - 1) * size];
        for (var p = 0; p <= maxPower; p++)
        {
            progress?.Report($"{name}: Lagrange basis of 2^{p}");
            var block = Block(powers, p, cancellationToken);
            SnarkjsPoints.ToLem<T>(block).CopyTo(bytes, ((1 << p) - 1) * size);
        }
        return bytes;
    }
}
