using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Snarkjs;

/// <summary>One linear combination of an R1CS constraint: (wire, coefficient) terms.</summary>
public sealed record LinearCombination(IReadOnlyList<(int Wire, Fr Value)> Terms);

/// <summary>A · B = C over the wires.</summary>
public sealed record Constraint(LinearCombination A, LinearCombination B, LinearCombination C);

/// <summary>A circom .r1cs file: the constraint system. Wire 0 is the constant 1, then outputs, public inputs, private inputs.</summary>
public sealed record R1cs(int WireCount, int OutputCount, int PublicInputCount, int PrivateInputCount, IReadOnlyList<Constraint> Constraints)
{
    /// <summary>Public signals as Groth16 counts them: outputs and public inputs.</summary>
    public int PublicCount => OutputCount + PublicInputCount;

    /// <exception cref="FormatException">Not a BN254 .r1cs.</exception>
    public static R1cs Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = new BinFile(bytes, "r1cs");
        var header = file.Section(1);
        if (header.U32() != 32 || new BigInteger(header.Take(32), isUnsigned: true) != Fr.Modulus)
        {
            throw new FormatException("The .r1cs is not over BN254's scalar field.");
        }
        var (wires, outputs, publicInputs, privateInputs) = ((int)header.U32(), (int)header.U32(), (int)header.U32(), (int)header.U32());
        header.Take(8); // number of labels
        var count = header.U32();

        var section = file.Section(2);
        var constraints = new Constraint[section.Items(count, 12, "constraints")]; // three term counts at least each
        for (var i = 0; i < constraints.Length; i++) constraints[i] = new Constraint(Combination(section), Combination(section), Combination(section));
        return new R1cs(wires, outputs, publicInputs, privateInputs, constraints);
    }

    private static LinearCombination Combination(SectionReader section)
    {
        var terms = new (int, Fr)[section.Items(section.U32(), 36, "terms")]; // a u32 wire and a 32-byte coefficient each
        for (var i = 0; i < terms.Length; i++)
        {
            var wire = (int)section.U32();
            terms[i] = (wire, Fr.FromBigInteger(new BigInteger(section.Take(32), isUnsigned: true)));
        }
        return new LinearCombination(terms);
    }
}
