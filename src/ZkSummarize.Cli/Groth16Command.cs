using System.Diagnostics;
using System.CommandLine;
using Spectre.Console;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks groth16 prove circuit.zkey witness.wtns proof.json public.json`: our prover as a drop-in for
/// `snarkjs groth16 prove`, same files in and out, for any circom circuit (and for measuring the two
/// side by side, docs/benchmarks.md).
/// </summary>
internal static class Groth16Command
{
    public static Command Create() => new("groth16", "Groth16 over snarkjs files.") { Prove() };

    private static Command Prove()
    {
        var zkey = new Argument<FileInfo>("zkey") { Description = "The proving key (.zkey, as snarkjs writes it)." };
        var wtns = new Argument<FileInfo>("witness") { Description = "The witness (.wtns, as `snarkjs wtns calculate` writes it)." };
        var proof = new Argument<FileInfo>("proof") { Description = "Where to write proof.json." };
        var publicInputs = new Argument<FileInfo>("public") { Description = "Where to write public.json." };
        var command = new Command("prove", "Make a Groth16 proof, like `snarkjs groth16 prove` (same arguments and files).") { zkey, wtns, proof, publicInputs };
        command.SetAction(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            // The key is read from its file as the proof goes, not loaded whole: a one-shot proof needs each
            // of its queries once, and holding them all doubled the peak memory (docs/benchmarks.md).
            StreamedZkey key;
            Crypto.Bn254.Fr[] witness;
            try
            {
                key = SnarkjsBinary.OpenZkey(parse.GetValue(zkey)!.FullName);
                witness = SnarkjsBinary.ReadWitness(await File.ReadAllBytesAsync(parse.GetValue(wtns)!.FullName, ct));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the key or the witness:[/] {e.Message}");
                return ExitCodes.Usage;
            }
            var read = clock.Elapsed;
            Proof result;
            using (key)
            {
                try
                {
                    result = Groth16Prover.Prove(key, witness);
                }
                catch (ArgumentException e)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]The witness does not fit the key:[/] {e.Message} Was it calculated with this circuit's wasm?");
                    return ExitCodes.Usage;
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]The .zkey is damaged past its header:[/] {e.Message} Export it again (snarkjs zkey export, or our ceremony).");
                    return ExitCodes.Usage;
                }
            }
            await File.WriteAllTextAsync(parse.GetValue(proof)!.FullName, SnarkjsJson.WriteProof(result), ct);
            await File.WriteAllTextAsync(parse.GetValue(publicInputs)!.FullName, SnarkjsJson.WritePublicInputs(witness.Skip(1).Take(key.PublicInputCount)), ct);
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Proof written ({key.VariableCount:N0} signals; header and witness read in {read.TotalSeconds:F2} s, proved while reading the key in {(clock.Elapsed - read).TotalSeconds:F2} s).");
            return ExitCodes.Success;
        });
        return command;
    }
}
