using System.Buffers.Binary;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>The ComputeBudget program: compute-unit limit and price (priority fee).</summary>
public static class ComputeBudgetProgram
{
    public static readonly PublicKey ProgramId = PublicKey.Parse("ComputeBudget111111111111111111111111111111");

    private const byte SetComputeUnitLimitTag = 2;
    private const byte SetComputeUnitPriceTag = 3;

    /// <summary>Caps the compute units the transaction may use.</summary>
    public static TransactionInstruction SetComputeUnitLimit(uint units) =>
        new(ProgramId, [], new InstructionData().U8(SetComputeUnitLimitTag).U32(units).ToArray());

    /// <summary>Sets the priority fee in micro-lamports per compute unit.</summary>
    public static TransactionInstruction SetComputeUnitPrice(ulong microLamports) =>
        new(ProgramId, [], new InstructionData().U8(SetComputeUnitPriceTag).U64(microLamports).ToArray());

    /// <summary>Reads a SetComputeUnitLimit instruction's units.</summary>
    public static bool TryDecodeComputeUnitLimit(TransactionInstruction instruction, out uint units)
    {
        units = 0;
        if (instruction.ProgramId != ProgramId || instruction.Data is not [SetComputeUnitLimitTag, _, _, _, _])
        {
            return false;
        }

        units = BinaryPrimitives.ReadUInt32LittleEndian(instruction.Data.AsSpan(1));
        return true;
    }

    /// <summary>Reads a SetComputeUnitPrice instruction's micro-lamports per unit.</summary>
    public static bool TryDecodeComputeUnitPrice(TransactionInstruction instruction, out ulong microLamports)
    {
        microLamports = 0;
        if (instruction.ProgramId != ProgramId || instruction.Data.Length != 9 || instruction.Data[0] != SetComputeUnitPriceTag)
        {
            return false;
        }

        microLamports = BinaryPrimitives.ReadUInt64LittleEndian(instruction.Data.AsSpan(1));
        return true;
    }
}
