using System.Buffers.Binary;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>Reading loader accounts and program bytes: what is decoded, and clear errors for what is not.</summary>
public sealed class LoaderAccountTests
{
    [Fact]
    public async Task The_elf_length_comes_from_its_headers_so_zero_padding_and_appended_bytes_are_not_counted()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        var build = await File.ReadAllBytesAsync(RepoPaths.Combine("src", "onchain", "build", "zksummarize_escrow.so"), TestContext.Current.CancellationToken);
        Assert.Equal(build.Length, ElfImage.Length(build));
        Assert.Equal(build.Length, ElfImage.Length([.. build, .. new byte[5000]]));
        Assert.Equal(build.Length, ElfImage.Length([.. build, 0xAB]));

        Assert.Contains("64-bit little-endian ELF", Assert.Throws<FormatException>(() => ElfImage.Length(new byte[100])).Message, StringComparison.Ordinal);
        Assert.Contains("past the", Assert.Throws<FormatException>(() => ElfImage.Length(build.AsSpan(0, build.Length - 100))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_accounts_decode_by_their_tag_and_anything_else_is_refused()
    {
        var key = Keypair.Generate().PublicKey;
        var programData = new byte[UpgradeableLoader.ProgramDataMetadataSize + 3];
        BinaryPrimitives.WriteUInt32LittleEndian(programData, 3);
        BinaryPrimitives.WriteUInt64LittleEndian(programData.AsSpan(4), 42);
        programData[12] = 1;
        key.ToBytes().CopyTo(programData, 13);
        programData[^1] = 7;
        var decoded = Assert.IsType<UpgradeableLoaderState.ProgramData>(UpgradeableLoaderState.Decode(programData));
        Assert.Equal((42UL, key), (decoded.Slot, decoded.UpgradeAuthority!.Value));
        Assert.Equal(new byte[] { 0, 0, 7 }, decoded.Bytes.ToArray());

        programData[12] = 0; // immutable
        Assert.Null(Assert.IsType<UpgradeableLoaderState.ProgramData>(UpgradeableLoaderState.Decode(programData)).UpgradeAuthority);
        programData[12] = 2;
        Assert.Throws<FormatException>(() => UpgradeableLoaderState.Decode(programData));
        Assert.Throws<FormatException>(() => UpgradeableLoaderState.Decode(new byte[] { 3, 0, 0, 0, 1 })); // ProgramData too short
        Assert.Throws<FormatException>(() => UpgradeableLoaderState.Decode(new byte[] { 9, 0, 0, 0 }));
        Assert.Throws<FormatException>(() => UpgradeableLoaderState.Decode(new byte[2]));
    }

    [Fact]
    public void Usdc_is_known_on_devnet_and_mainnet_only()
    {
        Assert.Equal(UsdcMints.Devnet, UsdcMints.ForGenesisHash("EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"));
        Assert.Equal("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", UsdcMints.Devnet.ToString());
        Assert.Equal(UsdcMints.Mainnet, UsdcMints.ForGenesisHash("5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuqCjGmPxpyx"));
        Assert.Equal("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", UsdcMints.Mainnet.ToString());
        Assert.Null(UsdcMints.ForGenesisHash("7GYt8r3J9g3f1sjcB4mv8h82WKYg6DXhqpjVkcHWSPG9")); // our dev chain brings its own mint
    }
}
