using Google.Protobuf;
using Google.Protobuf.Compiler;
using Greentic.ProtocGen;

// protoc plugin protocol: a CodeGeneratorRequest on stdin, a CodeGeneratorResponse on stdout.
var request = CodeGeneratorRequest.Parser.ParseFrom(Console.OpenStandardInput());
var response = new CodeGeneratorResponse
{
    SupportedFeatures = (ulong)CodeGeneratorResponse.Types.Feature.Proto3Optional,
};
try
{
    var names = new CSharpNames(request.ProtoFile);
    foreach (var file in request.ProtoFile.Where(f => request.FileToGenerate.Contains(f.Name) && f.Service.Count > 0))
    {
        response.File.Add(new CodeGeneratorResponse.Types.File
        {
            Name = ServiceFileWriter.OutputFileName(file),
            Content = new ServiceFileWriter(file, names).Write(),
        });
    }
}
catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
{
    response.Error = e.Message;
}
using var stdout = Console.OpenStandardOutput();
response.WriteTo(stdout);
