using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Wasmtime;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Circom;

/// <summary>A circuit's constraints rejected the input (an <c>===</c> failed), or the input does not fit the circuit.</summary>
public sealed class WitnessException(string message) : Exception(message);

/// <summary>
/// Runs the witness calculator that circom compiles to WebAssembly (circuit_js/circuit.wasm) under
/// Wasmtime, speaking the same protocol as circom's witness_calculator.js: inputs go in through the
/// shared memory words, keyed by the 64-bit FNV-1a hash of the signal name, and the witness comes out
/// the same way. One instance is reused; calls are serialised.
/// </summary>
public sealed class WitnessCalculator : IDisposable
{
    private readonly Engine _engine = new();
    private readonly Module _module;
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly Lock _gate = new();
    private readonly StringBuilder _message = new();
    private readonly int _words;
    private int? _errorCode;
    private string _errorText = "";

    public WitnessCalculator(byte[] wasm)
    {
        _module = Module.FromBytes(_engine, "circuit", wasm);
        _store = new Store(_engine);
        using var linker = new Linker(_engine);
        linker.DefineFunction("runtime", "exceptionHandler", (int code) =>
        {
            _errorCode = code;
            throw new InvalidOperationException($"circom runtime error {code}"); // unwinds the WebAssembly call
        });
        linker.DefineFunction("runtime", "printErrorMessage", () => { _errorText += ReadMessage() + "\n"; });
        linker.DefineFunction("runtime", "writeBufferMessage", () => { ReadMessage(); }); // circom log(): ignored
        linker.DefineFunction("runtime", "showSharedRWMemory", () => { });
        _instance = linker.Instantiate(_store, _module);
        _words = Export<int>("getFieldNumLen32")();
        Action("getRawPrime")();
        if (ReadShared() != Fr.Modulus) throw new WitnessException("The circuit was not compiled for BN254's scalar field.");
        WitnessSize = Export<int>("getWitnessSize")();
    }

    public int WitnessSize { get; }

    /// <summary>The witness for inputs given as circom's input.json would give them (numbers as decimal strings, arrays nested).</summary>
    /// <exception cref="WitnessException">A signal is unknown or missing, or a constraint fails.</exception>
    public Fr[] Calculate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        lock (_gate)
        {
            _errorCode = null;
            _errorText = "";
            try
            {
                ActionWithArgument("init")(1); // 1: check every assert
                var set = 0;
                foreach (var (name, value) in input)
                {
                    var values = Flatten(value).ToList();
                    var hash = Fnv1a64(name);
                    var (high, low) = ((int)(hash >> 32), (int)(hash & 0xFFFFFFFF));
                    var size = _instance.GetFunction<int, int, int>("getInputSignalSize")!(high, low);
                    if (size <= 0) throw new WitnessException($"The circuit has no input signal '{name}'.");
                    if (size != values.Count) throw new WitnessException($"The input '{name}' needs {size} values, not {values.Count}.");
                    for (var i = 0; i < values.Count; i++)
                    {
                        WriteShared(values[i]);
                        _instance.GetAction<int, int, int>("setInputSignal")!(high, low, i);
                        set++;
                    }
                }
                var expected = Export<int>("getInputSize")();
                if (set < expected) throw new WitnessException($"Only {set} of the circuit's {expected} input values were given.");

                var witness = new Fr[WitnessSize];
                var getWitness = _instance.GetAction<int>("getWitness")!;
                for (var i = 0; i < witness.Length; i++)
                {
                    getWitness(i);
                    witness[i] = Fr.FromBigInteger(ReadShared());
                }
                return witness;
            }
            catch (WasmtimeException e) when (_errorCode is { } code)
            {
                throw new WitnessException(code switch
                {
                    4 => $"A constraint of the circuit failed (assert). {_errorText.Trim()}",
                    1 => "Signal not found.",
                    2 => "Too many signals set.",
                    3 => "Signal already set.",
                    5 => "The witness calculator ran out of memory.",
                    6 or 7 => "An input array has the wrong size.",
                    _ => $"The witness calculator failed with code {code}: {e.Message}",
                });
            }
        }
    }

    private Func<T?> Export<T>(string name) => _instance.GetFunction<T>(name) ?? throw new WitnessException($"The wasm does not export {name}: not a circom 2 witness calculator.");

    private Action<int> ActionWithArgument(string name) => _instance.GetAction<int>(name) ?? throw new WitnessException($"The wasm does not export {name}.");

    private Action Action(string name) => _instance.GetAction(name) ?? throw new WitnessException($"The wasm does not export {name}.");

    private BigInteger ReadShared()
    {
        var read = _instance.GetFunction<int, int>("readSharedRWMemory")!;
        var value = BigInteger.Zero;
        for (var j = _words - 1; j >= 0; j--) value = (value << 32) | (uint)read(j);
        return value;
    }

    private void WriteShared(BigInteger value)
    {
        var write = _instance.GetAction<int, int>("writeSharedRWMemory")!;
        for (var j = 0; j < _words; j++)
        {
            write(j, (int)(uint)(value & 0xFFFFFFFF));
            value >>= 32;
        }
    }

    private string ReadMessage()
    {
        var next = _instance.GetFunction<int>("getMessageChar");
        _message.Clear();
        if (next is null) return "";
        for (var c = next(); c != 0; c = next()) _message.Append((char)c);
        return _message.ToString();
    }

    private static IEnumerable<BigInteger> Flatten(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                foreach (var element in Flatten(item)) yield return element;
            }
            yield break;
        }
        var text = node?.ToString() ?? throw new WitnessException("An input value is null.");
        if (!BigInteger.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new WitnessException($"The input value '{text}' is not a decimal integer.");
        }
        value %= Fr.Modulus;
        yield return value.Sign < 0 ? value + Fr.Modulus : value;
    }

    private static ulong Fnv1a64(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    public void Dispose()
    {
        _store.Dispose();
        _module.Dispose();
        _engine.Dispose();
    }
}
