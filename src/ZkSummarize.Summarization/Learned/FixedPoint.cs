namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// Integer arithmetic for the learned scorer. Every value that decides a selection is an integer
/// computed the same way on every machine (no floating point, no library maths), so a summary is
/// reproducible bit for bit and the rule can later be checked inside the circuit.
/// </summary>
internal static class FixedPoint
{
    /// <summary>1.0 in the Q16 format the features use.</summary>
    public const long One = 1 << 16;

    /// <summary>The largest r with r² ≤ x (digit by digit, so exact for every input).</summary>
    public static ulong Isqrt(ulong x)
    {
        ulong result = 0;
        var bit = 1UL << 62;
        while (bit > x) bit >>= 2;
        while (bit != 0)
        {
            if (x >= result + bit)
            {
                x -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }
            bit >>= 2;
        }
        return result;
    }
}
