using System.Globalization;

namespace ZkSummarize.Cli;

/// <summary>USDC amounts as every command prints them: base units (6 decimals) as dollars with at least two decimals (0.05, 0.0475).</summary>
internal static class Usdc
{
    public static string Format(ulong baseUnits) => (baseUnits / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);
}
