using Lockstep.Checker;

namespace Lockstep.Models.Tests;

/// <summary>How a <c>lockstep-NAME: value</c> line is read: the first such declaration of a line, its value without blanks
/// or a comment's end, and the 1-based line and column of the value.</summary>
public sealed class ModelDirectiveTests
{
    [Theory]
    [InlineData(" * lockstep-kernel: v6.1", "v6.1", 21)]
    [InlineData("/* lockstep-kernel:\t \tv6.9.2 */", "v6.9.2", 23)]
    [InlineData("// see lockstep-docs and lockstep-kernel: v5.15  ", "v5.15", 43)]
    [InlineData("lockstep-kernel:", "", 17)]
    public void TheValueAndItsColumnAreRead(string line, string value, int column)
    {
        var found = Assert.Single(ModelDirective.Find(["first line", line], "kernel"));
        Assert.Equal(value, found.Value);
        Assert.Equal(2, found.Line);
        Assert.Equal(column, found.Column);
        Assert.Equal(line, found.LineText);
    }

    [Theory]
    [InlineData(" * lockstep-Kernel: v6.1")]
    [InlineData(" * lockstep-kernel v6.1")]
    [InlineData(" * lockstep-: v6.1")]
    [InlineData(" * lockstep-group: oom")]
    [InlineData(" * lockstep-group: a lockstep-kernel: v6.1")]
    public void OtherLinesAreNotThisDirective(string line) =>
        Assert.Empty(ModelDirective.Find([line], "kernel"));

    [Fact]
    public void EveryDeclaringLineIsFoundInOrder()
    {
        var found = ModelDirective.Find(ModelDirective.Lines("/*\r\n * lockstep-group: oom -D A\r\n * lockstep-group: exit -D B\r\n */"), "group");
        Assert.Equal(["oom -D A", "exit -D B"], found.Select(d => d.Value));
        Assert.Equal([2, 3], found.Select(d => d.Line));
    }
}
