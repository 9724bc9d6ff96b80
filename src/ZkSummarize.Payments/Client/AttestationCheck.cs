using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Payments.Client;

/// <summary>
/// The chain half of verifying a receipt (the proof half is <see cref="ReceiptVerifier"/>): the chain is
/// the receipt's network, and the attestation at the program's address for this request (an escrow's, or
/// the worker's direct one) exists, is the program's, and records the same document, summary, sentence
/// count, worker and verifying key as the receipt.
/// </summary>
public static class AttestationCheck
{
    public static async Task<IReadOnlyList<string>> CheckAsync(Receipt receipt, SolanaRpcClient rpc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(rpc);
        var problems = new List<string>();
        var genesis = await rpc.GetGenesisHashAsync(cancellationToken).ConfigureAwait(false);
        if ($"solana:{genesis[..32]}" != receipt.Network) problems.Add($"the chain at {rpc.Url} is solana:{genesis[..32]}, not the receipt's network {receipt.Network}");
        var program = new EscrowProgram(PublicKey.Parse(receipt.ProgramId));
        var requestId = Convert.FromHexString(receipt.RequestId);
        var worker = PublicKey.Parse(receipt.Worker);
        var escrowed = receipt.Settlement == Settlements.Escrow;
        var address = escrowed ? program.FindAttestation(requestId).Address : program.FindDirectAttestation(worker, requestId).Address;
        if (address.ToString() != receipt.Attestation) problems.Add($"the receipt's attestation address is not the program's for this request ({address})");
        var account = await rpc.GetAccountInfoAsync(address, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (account is null || account.Owner != program.ProgramId || account.Data.Length != EscrowProgram.AttestationSize)
        {
            problems.Add($"there is no attestation of this request on chain at {address}");
            return problems;
        }
        var a = EscrowProgram.DecodeAttestation(account.Data);
        if (a.Escrowed != escrowed) problems.Add(a.Escrowed ? "the attestation settled an escrow, but the receipt says direct" : "the attestation is direct, but the receipt says escrow");
        if (!a.DocRoot.SequenceEqual(Convert.FromHexString(receipt.DocRoot))) problems.Add("the attestation's docRoot differs from the receipt's");
        if (!a.SummaryHash.SequenceEqual(Convert.FromHexString(receipt.SummaryHash))) problems.Add("the attestation's summaryHash differs from the receipt's");
        if (a.Sentences != receipt.Summary.Count) problems.Add($"the attestation is of {a.Sentences} sentences, the receipt has {receipt.Summary.Count}");
        if (a.Worker != worker || !a.Worker.ToBytes().SequenceEqual(Convert.FromHexString(receipt.WorkerKey))) problems.Add("the attestation names another worker");
        if (Convert.ToHexStringLower(a.VerifyingKeyHash) != receipt.VerifyingKeyHash) problems.Add("the program checked the proof under another verifying key than the receipt's");
        return problems;
    }
}
