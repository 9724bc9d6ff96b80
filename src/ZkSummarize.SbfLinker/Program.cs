using ZkSummarize.SbfLinker;

// zks-sbf-link <input.o> <output.so>: links clang's BPF object into a Solana program.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: zks-sbf-link <input.o> <output.so>");
    return 2;
}
try
{
    var program = SbfLinker.Link(File.ReadAllBytes(args[0]));
    File.WriteAllBytes(args[1], program);
    Console.WriteLine($"{args[1]}: {program.Length} bytes, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(program))}");
    return 0;
}
catch (Exception e) when (e is SbfLinkException or IOException)
{
    Console.Error.WriteLine($"zks-sbf-link: {e.Message}");
    return 1;
}
