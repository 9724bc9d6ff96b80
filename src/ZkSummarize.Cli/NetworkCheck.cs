using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>One check of a live network: what was found, and when it is wrong, what to do about it.</summary>
internal sealed record NetworkFinding(bool Ok, string What, string Fix = "");

/// <summary>
/// Reads a live network as a node would depend on it: the deployed program against the build, its config and
/// verifying key, the SOL of fee payers and workers, and the USDC accounts payments move through.
/// </summary>
internal sealed class NetworkCheck(SolanaRpcClient rpc, EscrowProgram program, PublicKey mint, byte[] expectedKey, ulong minimumLamports)
{
    public async Task<IReadOnlyList<NetworkFinding>> RunAsync(byte[] build, IReadOnlyList<PublicKey> feePayers, IReadOnlyList<PublicKey> workers, IReadOnlyList<PublicKey> payTo,
        PublicKey? operatorKey, CancellationToken ct)
    {
        var findings = new List<NetworkFinding> { await ProgramAsync(build, ct) };
        var config = await NetworkCommand.ReadConfigAsync(rpc, program, ct);
        if (config is null)
        {
            findings.Add(new(false, $"The program has no config at {program.FindConfig().Address}.", "initialise it: zks network init (signed by the upgrade authority)."));
        }
        else
        {
            findings.Add(config.Mint == mint
                ? new(true, $"The config's mint is {mint}.")
                : new(false, $"The config's mint is {config.Mint}, not {mint}.", "payments would be in another token: deploy a new program and initialise it with the right --mint."));
            findings.Add(await TokenAccountAsync(config.Treasury, "The treasury", ct));
            var expected = Convert.ToHexStringLower(EscrowProgram.VerifyingKeyHash(expectedKey));
            var actual = Convert.ToHexStringLower(config.VerifyingKeyHash);
            findings.Add(actual == expected
                ? new(true, $"Escrows are opened under the expected verifying key {expected}.")
                : new(false, $"Escrows are opened under verifying key {(config.VerifyingKeySet ? actual : "(none set)")}, not the expected {expected}.",
                    "pin the right key: zks network init --verifying-key <snarkjs verification_key.json> (signed by the upgrade authority)."));
            findings.AddRange(SmallerCircuitKeys(config, expected));
        }

        foreach (var payer in feePayers) findings.Add(await SolAsync(payer, "Fee payer", ct));
        foreach (var wallet in payTo) findings.Add(await TokenAccountAsync(AssociatedTokenProgram.GetAssociatedTokenAddress(wallet, mint), $"PayTo {wallet}'s USDC account", ct));
        foreach (var worker in workers)
        {
            findings.Add(await SolAsync(worker, "Worker", ct));
            findings.Add(await TokenAccountAsync(AssociatedTokenProgram.GetAssociatedTokenAddress(worker, mint), $"Worker {worker}'s USDC account", ct));
            if (operatorKey is { } op)
            {
                findings.Add(await rpc.GetAccountInfoAsync(program.FindWorkerRegistration(op, worker).Address, cancellationToken: ct) is not null
                    ? new(true, $"Worker {worker} is registered under operator {op}.")
                    : new(false, $"Worker {worker} is not registered under operator {op}: its attestations would be refused.", $"zks worker register --worker {worker} (signed by the operator)."));
            }
        }

        return findings;
    }

    /// <summary>
    /// On a network under the project's ceremony key, each smaller grounding circuit's slot must hold the project's
    /// ceremony key of it (else nodes prove small documents with a larger circuit, or under a key nobody checked).
    /// A network under its own key has its own ceremonies, which this software cannot know.
    /// </summary>
    private static IEnumerable<NetworkFinding> SmallerCircuitKeys(EscrowConfig config, string expectedFullKey)
    {
        if (expectedFullKey != TrustedKeys.Ceremony.Hash) yield break;
        foreach (var key in TrustedKeys.CeremonyKeys.Where(k => k.Circuit != GroundingFamily.Full))
        {
            var slot = key.Circuit!.KeySlot;
            var actual = Convert.ToHexStringLower(config.VerifyingKeyHashes[slot]);
            yield return actual == key.Hash
                ? new(true, $"{key.Circuit.Name} (slot {slot}) is under its ceremony key {key.Hash}.")
                : new(false, $"{key.Circuit.Name} (slot {slot}) holds {(config.IsCurrentKey(config.VerifyingKeyHashes[slot]) ? actual : "no key")}, not its ceremony key {key.Hash}.",
                    "set it: zks network init (signed by the upgrade authority).");
        }
    }

    private async Task<NetworkFinding> ProgramAsync(byte[] build, CancellationToken ct)
    {
        DeployedProgram? deployed;
        try
        {
            deployed = await new ProgramDeployer(rpc).ShowAsync(program.ProgramId, ct);
        }
        catch (FormatException e)
        {
            return new(false, e.Message, "give the id of a program deployed with the upgradeable loader (zks program deploy).");
        }

        if (deployed is null) return new(false, $"There is no program at {program.ProgramId}.", "deploy it: zks program deploy.");
        return deployed.Holds(build)
            ? new(true, $"The program at {program.ProgramId} is the build from source (sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(build))}).")
            : new(false, $"The program at {program.ProgramId} is not the build from source: its bytes differ.", "upgrade it to the build (zks program upgrade), or check out the source it was built from.");
    }

    private async Task<NetworkFinding> SolAsync(PublicKey key, string role, CancellationToken ct)
    {
        var lamports = await rpc.GetBalanceAsync(key, cancellationToken: ct);
        return lamports >= minimumLamports
            ? new(true, $"{role} {key} holds {lamports / 1e9:0.####} SOL.")
            : new(false, $"{role} {key} holds {lamports / 1e9:0.####} SOL, less than {minimumLamports / 1e9:0.####}.", $"send it SOL: every transaction it pays for costs fees{(role == "Worker" ? " and an attestation account's rent" : "")}.");
    }

    private async Task<NetworkFinding> TokenAccountAsync(PublicKey address, string name, CancellationToken ct)
    {
        var account = await rpc.GetAccountInfoAsync(address, cancellationToken: ct);
        if (account is null) return new(false, $"{name} {address} does not exist.", "create it (zks worker register creates a worker's, zks network init the treasury's; any wallet's with spl-token create-account).");
        if (account.Owner != TokenProgram.ProgramId || account.Data.Length < TokenProgram.AccountSize) return new(false, $"{name} {address} is not a token account.", "use a USDC token account.");
        var token = TokenAccount.Decode(account.Data);
        return token.Mint == mint
            ? new(true, $"{name} {address} is a USDC account.")
            : new(false, $"{name} {address} holds {token.Mint}, not USDC ({mint}).", "use an account of the USDC mint.");
    }
}
