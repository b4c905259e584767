"""Print the README's settings table from dashboard.settings.SETTINGS: `python -m scripts.settings_table`."""

from dashboard.settings import SETTINGS, PROJECT_ROOT


def main() -> None:
    print("| setting | environment variable | default | what it does |")
    print("|---|---|---|---|")
    for s in SETTINGS:
        default = str(s.default).replace(str(PROJECT_ROOT) + "/", "")
        print(f"| `{s.name}` | `{s.env_var}` | `{default}` | {s.help} |")


if __name__ == "__main__":
    main()
