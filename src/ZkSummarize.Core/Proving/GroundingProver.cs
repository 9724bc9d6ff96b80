using ZkSummarize.Core.Commitments;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Circom;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Core.Proving;

/// <summary>A grounding proof with the public inputs it proves, in the circuit's order, and hₖ, the summary's hash chain that Attest takes.</summary>
public sealed record GroundingProof(Proof Proof, IReadOnlyList<Fr> PublicInputs, Fr SummaryChain)
{
    /// <summary>The 256 bytes the on-chain program reads: (−A)‖B‖C.</summary>
    public byte[] ToSolanaBytes() => SolanaEncoding.EncodeProof(Proof);
}

/// <summary>
/// Proves summaries against documents with one member of the grounding family (<see cref="GroundingFamily"/>):
/// the witness from circom's wasm (under Wasmtime), then Groth16 over the proving key. Thread-safe; the
/// witness step is serialised.
/// </summary>
public sealed class GroundingProver : IDisposable
{
    /// <summary>
    /// The seed of the development key (<see cref="DevelopmentSetup"/>): public, so its proofs prove
    /// nothing to anyone who knows it. For development and tests only.
    /// </summary>
    public const string DevelopmentSeed = "zksummarize grounding development key v1";

    private readonly WitnessCalculator _witness;

    /// <param name="witnessWasm">The member's witness calculator (<see cref="GroundingCircuit.WasmPath"/>).</param>
    /// <param name="key">A proving key of that member.</param>
    /// <param name="circuit">The member; the full circuit when null.</param>
    public GroundingProver(byte[] witnessWasm, ProvingKey key, GroundingCircuit? circuit = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.PublicInputCount != 4) throw new ArgumentException($"The grounding circuit has 4 public inputs; this key has {key.PublicInputCount}.", nameof(key));
        _witness = new WitnessCalculator(witnessWasm);
        Key = key;
        Circuit = circuit ?? GroundingFamily.Full;
    }

    /// <summary>A prover for <paramref name="circuit"/> from a circuits/build folder, under its development key.</summary>
    public static GroundingProver WithDevelopmentKey(GroundingCircuit circuit, string buildFolder)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return new GroundingProver(File.ReadAllBytes(circuit.WasmPath(buildFolder)), circuit.CreateDevelopmentKey(buildFolder), circuit);
    }

    /// <summary>The member this prover proves with.</summary>
    public GroundingCircuit Circuit { get; }

    public ProvingKey Key { get; }

    public VerifyingKey VerifyingKey => Key.VerifyingKey;

    /// <exception cref="GroundingException">The document or summary is larger than this member holds (nothing was computed).</exception>
    /// <exception cref="WitnessException">The input does not satisfy the circuit (it cannot, if GroundingInput built it).</exception>
    public GroundingProof Prove(GroundingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var witness = _witness.Calculate(input.ToCircomInput(Circuit));
        return new GroundingProof(Groth16Prover.Prove(Key, witness), input.PublicInputs, input.SummaryChain);
    }

    public bool Verify(GroundingProof proof) => Groth16Verifier.Verify(VerifyingKey, proof.PublicInputs, proof.Proof);

    public void Dispose() => _witness.Dispose();
}
