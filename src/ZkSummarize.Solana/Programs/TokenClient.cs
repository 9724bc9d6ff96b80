using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Solana.Programs;

/// <summary>Common SPL Token flows, each one confirmed transaction: create a mint, open accounts, mint, transfer.</summary>
public sealed class TokenClient(SolanaRpcClient rpc, PublicKey? tokenProgramId = null)
{
    private readonly PublicKey _program = tokenProgramId ?? TokenProgram.ProgramId;

    /// <summary>Creates and initialises a mint at <paramref name="mint"/>'s address.</summary>
    public async Task<string> CreateMintAsync(Keypair payer, Keypair mint, byte decimals, PublicKey mintAuthority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(mint);
        var rent = await rpc.GetMinimumBalanceForRentExemptionAsync(TokenProgram.MintSize, cancellationToken).ConfigureAwait(false);
        return await rpc.SendAsync(
            [
                SystemProgram.CreateAccount(payer.PublicKey, mint.PublicKey, rent, TokenProgram.MintSize, _program),
                TokenProgram.InitializeMint2(mint.PublicKey, decimals, mintAuthority, programId: _program),
            ],
            [payer, mint],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates <paramref name="owner"/>'s associated token account unless it exists; returns its address.</summary>
    public async Task<PublicKey> CreateAssociatedTokenAccountAsync(Keypair payer, PublicKey owner, PublicKey mint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        await rpc.SendAsync([AssociatedTokenProgram.CreateIdempotent(payer.PublicKey, owner, mint, _program)], [payer], cancellationToken).ConfigureAwait(false);
        return AssociatedTokenProgram.GetAssociatedTokenAddress(owner, mint, _program);
    }

    /// <summary>Mints base units to a token account.</summary>
    public Task<string> MintToAsync(Keypair payer, PublicKey mint, PublicKey destination, Keypair mintAuthority, ulong amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(mintAuthority);
        Keypair[] signers = payer.PublicKey == mintAuthority.PublicKey ? [payer] : [payer, mintAuthority];
        return rpc.SendAsync([TokenProgram.MintTo(mint, destination, mintAuthority.PublicKey, amount, _program)], signers, cancellationToken);
    }

    /// <summary>Transfers base units between token accounts of one mint, checking the decimals.</summary>
    public Task<string> TransferCheckedAsync(Keypair owner, PublicKey source, PublicKey mint, PublicKey destination, ulong amount, byte decimals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return rpc.SendAsync([TokenProgram.TransferChecked(source, mint, destination, owner.PublicKey, amount, decimals, _program)], [owner], cancellationToken);
    }
}
