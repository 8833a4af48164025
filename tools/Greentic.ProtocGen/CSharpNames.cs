using System.Text;
using Google.Protobuf.Reflection;

namespace Greentic.ProtocGen;

/// <summary>
/// Maps protobuf names to the C# names protoc's csharp generator gives them, so our stubs
/// refer to the same message classes: namespace from csharp_namespace or the package in
/// PascalCase, nested messages under <c>Outer.Types.Inner</c>, and one reflection class per file.
/// </summary>
internal sealed class CSharpNames
{
    private readonly Dictionary<string, string> _messageNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptorProto> _files = new(StringComparer.Ordinal);

    public CSharpNames(IEnumerable<FileDescriptorProto> files)
    {
        foreach (var file in files)
        {
            _files[file.Name] = file;
            var ns = Namespace(file);
            var prefix = string.IsNullOrEmpty(file.Package) ? "." : "." + file.Package + ".";
            foreach (var message in file.MessageType)
                AddMessage(message, prefix, "global::" + (ns.Length > 0 ? ns + "." : ""));
        }
    }

    public string MessageType(string protoFullName) =>
        _messageNames.TryGetValue(protoFullName, out var name)
            ? name
            : throw new KeyNotFoundException($"protoc-gen-greentic-rpc: unknown message type {protoFullName}");

    public static string Namespace(FileDescriptorProto file) =>
        file.Options?.HasCsharpNamespace == true ? file.Options.CsharpNamespace : PascalCase(file.Package, preservePeriod: true);

    /// <summary>The reflection class protoc emits for a file: <c>foo_bar.proto</c> → <c>FooBarReflection</c>.</summary>
    public static string ReflectionClass(FileDescriptorProto file)
    {
        var baseName = Path.GetFileNameWithoutExtension(file.Name);
        return PascalCase(baseName, preservePeriod: false) + "Reflection";
    }

    private void AddMessage(DescriptorProto message, string protoPrefix, string csPrefix)
    {
        var csName = csPrefix + message.Name;
        _messageNames[protoPrefix + message.Name] = csName;
        foreach (var nested in message.NestedType)
            AddMessage(nested, protoPrefix + message.Name + ".", csName + ".Types.");
    }

    /// <summary>protoc's UnderscoresToCamelCase with the first letter capitalized.</summary>
    internal static string PascalCase(string input, bool preservePeriod)
    {
        var sb = new StringBuilder(input.Length);
        var capNext = true;
        foreach (var c in input)
        {
            if (char.IsAsciiLetterLower(c)) { sb.Append(capNext ? char.ToUpperInvariant(c) : c); capNext = false; }
            else if (char.IsAsciiLetterUpper(c)) { sb.Append(c); capNext = false; }
            else if (char.IsAsciiDigit(c)) { sb.Append(c); capNext = true; }
            else if (c == '.' && preservePeriod) { sb.Append('.'); capNext = true; }
            else capNext = true;
        }
        return sb.ToString();
    }
}
