Console.Error.WriteLine("zks: not yet implemented");
return 2;
