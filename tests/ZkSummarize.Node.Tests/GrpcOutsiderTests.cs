using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The gRPC service as a generic client sees it, one that has no .proto and no generated stubs of ours (as
/// grpcurl or Postman): it lists the services by server reflection, builds its requests from the descriptors
/// the server sends, reads the answers by them, decodes google.rpc rich error details, and asks
/// grpc.health.v1 whether the node is serving.
/// </summary>
[Collection(OutsidersCollection.Name)]
public sealed class GrpcOutsiderTests(NodeFixture node)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Service = "zksummarize.v2.SummariesService";
    private const string V1 = "zksummarize.v1.Summaries";

    [Fact]
    public async Task A_reflection_only_client_lists_the_services_and_quotes_a_document()
    {
        using var channel = GrpcChannel.ForAddress(node.GrpcUrl);
        var reflection = new ReflectionClient(channel);
        var services = await reflection.ListServicesAsync();
        Assert.Contains(Service, services);
        Assert.Contains(V1, services); // deprecated, still served
        Assert.Contains("grpc.health.v1.Health", services);

        var service = await reflection.FindServiceAsync(Service);
        Assert.Equal("zksummarize/v2/summaries.proto", service.File.Name); // buf's PACKAGE_DIRECTORY_MATCH
        Assert.All(service.Methods, m => Assert.Equal((m.Name + "Request", m.Name + "Response"), (m.InputType.Name, m.OutputType.Name)));
        var reply = await new DynamicCall(channel).UnaryAsync(service.FindMethodByName("Quote"), new() { ["text"] = TestDocuments.Article, ["sentences"] = 2 });
        Assert.Equal(32, ((ByteString)reply["doc_root"]).Length);
        var required = (Dictionary<string, object>)reply["payment_required"];
        var accepts = (List<object>)required["accepts"];
        var exact = (Dictionary<string, object>)Assert.Single(accepts);
        Assert.Equal(("exact", NodeFixture.DevnetUsdc, "250000"), ((string)exact["scheme"], (string)exact["asset"], (string)exact["amount"]));

        // The deprecated v1 answers the same question with base64 JSON.
        var v1 = await new DynamicCall(channel).UnaryAsync((await reflection.FindServiceAsync(V1)).FindMethodByName("Quote"), new() { ["text"] = TestDocuments.Article, ["sentences"] = 2 });
        Assert.Equal(Convert.ToHexStringLower(((ByteString)reply["doc_root"]).Span), (string)v1["doc_root"]);
        using var v1Required = JsonDocument.Parse(Convert.FromBase64String((string)v1["payment_required"]));
        Assert.Equal("exact", v1Required.RootElement.GetProperty("accepts")[0].GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Errors_carry_google_rpc_details_with_the_reason_and_the_field_to_change()
    {
        using var channel = GrpcChannel.ForAddress(node.GrpcUrl);
        var service = await new ReflectionClient(channel).FindServiceAsync(Service);
        var v1 = await new ReflectionClient(channel).FindServiceAsync(V1);
        var call = new DynamicCall(channel);

        var tooShort = await Assert.ThrowsAsync<RpcException>(() => call.UnaryAsync(service.FindMethodByName("Quote"), new() { ["text"] = "Just one sentence.", ["sentences"] = 2 }));
        Assert.Equal(StatusCode.InvalidArgument, tooShort.StatusCode);
        var status = tooShort.GetRpcStatus()!;
        Assert.Equal("NOTHING_TO_SUMMARISE", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        Assert.Equal("sentences", Assert.Single(status.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);

        // A payment problem: the x402 reason in ErrorInfo (domain x402.org), not as a prefix of the message.
        var garbage = await Assert.ThrowsAsync<RpcException>(() => call.UnaryAsync(v1.FindMethodByName("Submit"),
            new() { ["text"] = TestDocuments.Article, ["sentences"] = 2, ["payment_signature"] = "bm90IGEgcGF5bWVudA==" }));
        Assert.Equal(StatusCode.FailedPrecondition, garbage.StatusCode);
        var info = garbage.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal("x402.org", info.Domain);
        Assert.StartsWith("invalid_", info.Reason, StringComparison.Ordinal);
        Assert.False(garbage.Status.Detail.StartsWith(info.Reason, StringComparison.Ordinal), garbage.Status.Detail);

        var badId = await Assert.ThrowsAsync<RpcException>(() => call.UnaryAsync(v1.FindMethodByName("GetReceipt"), new() { ["request_id"] = "xyz" }));
        Assert.Equal("request_id", Assert.Single(badId.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task The_standard_health_service_reports_serving()
    {
        using var channel = GrpcChannel.ForAddress(node.GrpcUrl);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "" }, cancellationToken: Ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>grpc.reflection.v1alpha: the service names, and the file descriptors of a service with all they import.</summary>
    private sealed class ReflectionClient(GrpcChannel channel)
    {
        private readonly ServerReflection.ServerReflectionClient _client = new(channel);

        public async Task<IReadOnlyList<string>> ListServicesAsync() =>
            (await AskAsync(new ServerReflectionRequest { ListServices = "" })).ListServicesResponse.Service.Select(s => s.Name).ToList();

        public async Task<ServiceDescriptor> FindServiceAsync(string name)
        {
            var files = new Dictionary<string, ByteString>();
            var pending = new Queue<ServerReflectionRequest>([new ServerReflectionRequest { FileContainingSymbol = name }]);
            while (pending.TryDequeue(out var request))
            {
                foreach (var bytes in (await AskAsync(request)).FileDescriptorResponse.FileDescriptorProto)
                {
                    var file = FileDescriptorProto.Parser.ParseFrom(bytes);
                    if (!files.TryAdd(file.Name, bytes)) continue;
                    foreach (var dependency in file.Dependency.Where(d => !files.ContainsKey(d))) pending.Enqueue(new ServerReflectionRequest { FileByFilename = dependency });
                }
            }
            // BuildFromByteStrings wants each file after the files it imports.
            var ordered = new List<ByteString>();
            var placed = new HashSet<string>();
            void Place(string fileName)
            {
                if (!placed.Add(fileName)) return;
                foreach (var dependency in FileDescriptorProto.Parser.ParseFrom(files[fileName]).Dependency) Place(dependency);
                ordered.Add(files[fileName]);
            }
            foreach (var fileName in files.Keys) Place(fileName);
            var descriptors = FileDescriptor.BuildFromByteStrings(ordered);
            return descriptors.SelectMany(d => d.Services).Single(s => s.FullName == name);
        }

        private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
        {
            using var call = _client.ServerReflectionInfo(cancellationToken: Ct);
            await call.RequestStream.WriteAsync(request, Ct);
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            var response = call.ResponseStream.Current;
            Assert.Null(response.ErrorResponse);
            return response;
        }
    }

    /// <summary>
    /// A unary call built from descriptors alone: fields set by name are written in the wire format their
    /// descriptor gives, and the answer is read back into a name → value map (scalars, strings, bytes and
    /// nested messages; repeated fields as lists).
    /// </summary>
    private sealed class DynamicCall(GrpcChannel channel)
    {
        private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

        public async Task<Dictionary<string, object>> UnaryAsync(MethodDescriptor method, Dictionary<string, object> fields)
        {
            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
            var reply = await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(cancellationToken: Ct), Encode(method.InputType, fields));
            return Decode(method.OutputType, reply);
        }

        private static byte[] Encode(MessageDescriptor type, Dictionary<string, object> fields)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            foreach (var (name, value) in fields)
            {
                var field = type.FindFieldByName(name) ?? throw new ArgumentException($"{type.FullName} has no field {name}");
                switch (field.FieldType)
                {
                    case FieldType.String:
                        output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                        output.WriteString((string)value);
                        break;
                    case FieldType.Int32:
                        output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                        output.WriteInt32((int)value);
                        break;
                    default:
                        throw new NotSupportedException($"{field.FieldType} fields are not needed by this test");
                }
            }
            output.Flush();
            return buffer.ToArray();
        }

        private static Dictionary<string, object> Decode(MessageDescriptor type, byte[] bytes)
        {
            var values = new Dictionary<string, object>();
            var input = new CodedInputStream(bytes);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                var field = type.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                object? value = field?.FieldType switch
                {
                    FieldType.String => input.ReadString(),
                    FieldType.Bytes => input.ReadBytes(),
                    FieldType.Bool => input.ReadBool(),
                    FieldType.Int32 => input.ReadInt32(),
                    FieldType.Int64 => input.ReadInt64(),
                    FieldType.Enum => input.ReadEnum(),
                    FieldType.Message => Decode(field.MessageType, input.ReadBytes().ToByteArray()),
                    _ => null,
                };
                if (value is null)
                {
                    input.SkipLastField();
                    continue;
                }
                if (field!.IsRepeated)
                {
                    if (!values.TryGetValue(field.Name, out var list)) values[field.Name] = list = new List<object>();
                    ((List<object>)list).Add(value);
                }
                else
                {
                    values[field.Name] = value;
                }
            }
            return values;
        }
    }
}

/// <summary>The outsider tests share one exact-only node: each only reads, quotes or is refused.</summary>
[CollectionDefinition(Name)]
public sealed class OutsidersCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "outsiders";
}
