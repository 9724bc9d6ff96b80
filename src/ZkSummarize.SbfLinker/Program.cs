Console.Error.WriteLine("usage: zks-sbf-link <input.o> <output.so>");
return 2;
