using System.Buffers.Binary;

namespace ZkSummarize.Solana.Rpc;

/// <summary>The Clock sysvar: the chain's own idea of the time, which programs check deadlines against.</summary>
public sealed record ClockSysvar(ulong Slot, long EpochStartTimestamp, ulong Epoch, ulong LeaderScheduleEpoch, long UnixTimestamp)
{
    public static readonly PublicKey Address = PublicKey.Parse("SysvarC1ock11111111111111111111111111111111");

    /// <exception cref="ArgumentException">Not the 40 bytes of a Clock.</exception>
    public static ClockSysvar Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 40) throw new ArgumentException($"The Clock sysvar has 40 bytes, not {data.Length}.", nameof(data));
        return new ClockSysvar(BinaryPrimitives.ReadUInt64LittleEndian(data), BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[16..]), BinaryPrimitives.ReadUInt64LittleEndian(data[24..]), BinaryPrimitives.ReadInt64LittleEndian(data[32..]));
    }
}

public static class ClockSysvarExtensions
{
    /// <summary>Reads the Clock sysvar: deadlines a program enforces must be computed from its unix time, not the local clock.</summary>
    public static async Task<ClockSysvar> GetClockAsync(this SolanaRpcClient rpc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var account = await rpc.GetAccountInfoAsync(ClockSysvar.Address, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The chain has no Clock sysvar account.");
        return account.Data.Length >= 40 ? ClockSysvar.Decode(account.Data)
            : throw SolanaRpcClient.Malformed("getAccountInfo", $"the Clock sysvar has {account.Data.Length} bytes, not 40");
    }
}
