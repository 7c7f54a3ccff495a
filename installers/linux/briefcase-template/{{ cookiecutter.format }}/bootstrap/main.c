/*
 * /usr/bin/{{ cookiecutter.app_name }}: runs {{ cookiecutter.formal_name }} on the system Python
 * {{ cookiecutter.python_version|py_tag }}, isolated from the user's environment (-I), unbuffered (-u),
 * with the packaged app and its packages first on sys.path. The name it was called by becomes
 * sys.argv[0] (run_module without alter_sys keeps it), so /usr/bin/{{ cookiecutter.app_name }}-tray (a link to this file) starts the tray app.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python{{ cookiecutter.python_version|py_tag }}"
#define ROOT "/usr/lib/{{ cookiecutter.app_name }}"

static const char *CODE =
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "sys.path[0:0] = ['" ROOT "/app', '" ROOT "/app_packages']\n"
    "runpy.run_module('{{ cookiecutter.module_name }}', run_name='__main__')\n";

int main(int argc, char *argv[]) {
    char **args = calloc((size_t)argc + 6, sizeof(char *));
    if (args == NULL) {
        perror("{{ cookiecutter.app_name }}");
        return 127;
    }
    args[0] = PYTHON;
    args[1] = "-I";
    args[2] = "-u";
    args[3] = "-c";
    args[4] = (char *)CODE;
    args[5] = basename(argv[0]);
    for (int i = 1; i < argc; i++) {
        args[5 + i] = argv[i];
    }
    execv(PYTHON, args);
    perror(PYTHON);
    return 127;
}
