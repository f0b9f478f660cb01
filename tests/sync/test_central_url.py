"""The central address: TLS to other machines, no password stored, clear refusals."""

from __future__ import annotations

import pytest

from app.core.errors import CounterError
from app.sync.central_url import parse_central_url
from app.sync.connection import Timeouts, build_conninfo


def test_a_remote_address_gets_verified_tls_by_default() -> None:
    address, password = parse_central_url("postgresql://w01:secret@db.county.gov.cn/central")
    assert password == "secret"
    assert address.url == "postgresql://w01@db.county.gov.cn/central?sslmode=verify-full"
    assert address.keyring_account == "w01@db.county.gov.cn:5432/central"


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_plaintext_to_another_machine_is_refused_unless_allowed(mode: str) -> None:
    url = f"postgresql://w01@10.0.0.5:6432/central?sslmode={mode}"
    with pytest.raises(CounterError) as err:
        parse_central_url(url)
    assert err.value.code == "central.plaintext"
    address, _ = parse_central_url(url, allow_plaintext=True)
    assert address.port == 6432 and f"sslmode={mode}" in address.url


def test_this_machine_may_go_without_tls() -> None:
    address, password = parse_central_url("postgresql://w01@127.0.0.1/central")
    assert password is None and address.is_local and "sslmode" not in address.url


@pytest.mark.parametrize(
    "url",
    [
        "http://w01@host/central",
        "postgresql://host/central",
        "postgresql://w01@/central",
        "postgresql://w01@host",
        "postgresql://w01@host:99999/central",
        "postgresql://w01@host/central?password=x",
    ],
)
def test_unusable_addresses_are_refused(url: str) -> None:
    with pytest.raises(CounterError) as err:
        parse_central_url(url)
    assert err.value.code == "central.url"


def test_the_connection_carries_every_time_limit() -> None:
    info = build_conninfo(
        "postgresql://w01@127.0.0.1/central",
        "pw",
        Timeouts(connect=5, statement=60, lock=10, idle_in_transaction=90),
    )
    assert "connect_timeout=5" in info and "password=pw" in info
    for option in (
        "statement_timeout=60000",
        "lock_timeout=10000",
        "idle_in_transaction_session_timeout=90000",
    ):
        assert option in info
    assert "keepalives=1" in info and "tcp_user_timeout=90000" in info


def test_a_refused_login_is_not_retried() -> None:
    import psycopg

    from app.sync.connection import describe

    refused = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
        'password authentication failed for user "w01"'
    )
    failure = describe(refused)
    assert (failure.code, failure.retryable) == ("central.auth", False)
    assert "password authentication failed" in failure.message
    denied = psycopg.OperationalError(
        'connection failed: FATAL:  permission denied for database "county"'
    )
    assert describe(denied).code == "central.permission"
    portal = psycopg.OperationalError(
        "connection failed: received invalid response to SSL negotiation: H"
    )
    assert (describe(portal).code, describe(portal).retryable) == ("central.not_postgres", True)


@pytest.mark.parametrize(
    "query",
    [
        "host=10.0.0.5&sslmode=disable",  # the summary would say 127.0.0.1, libpq would go there
        "host=10.0.0.5",
        "hostaddr=10.0.0.9",
        "port=6543",
        "dbname=other",
        "port=6543&dbname=x",
        "user=postgres",
        "service=rogue",
        "servicefile=/tmp/s.conf",
        "passfile=/tmp/pgpass",
        "options=-csearch_path%3Devil",
        "target_session_attrs=any",
        "sslpassword=x",
        "application_name=x",
    ],
)
def test_parameters_that_move_the_connection_are_refused(query: str) -> None:
    for host in ("127.0.0.1", "db.county.gov.cn"):
        with pytest.raises(CounterError) as err:
            parse_central_url(f"postgresql://w01@{host}/central?{query}", allow_plaintext=True)
        assert err.value.code == "central.url"
        assert query.split("=")[0] in err.value.message or "密码" in err.value.message


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("sslmode=verify-full&sslmode=disable", "central.url"),  # libpq takes the last one
        ("sslmode=none", "central.url"),
        ("ssl_min_protocol_version=TLSv1", "central.plaintext"),
        ("channel_binding=disable", "central.plaintext"),
        ("sslmode=prefer", "central.plaintext"),
    ],
)
def test_parameters_that_weaken_tls_are_refused(query: str, code: str) -> None:
    with pytest.raises(CounterError) as err:
        parse_central_url(f"postgresql://w01@db.county.gov.cn/central?{query}")
    assert err.value.code == code


@pytest.mark.parametrize(
    "url", ["postgresql://w01@h1,h2/central", "postgresql://w01@h1:5432,h2:5433/central"]
)
def test_one_host_only(url: str) -> None:
    with pytest.raises(CounterError) as err:
        parse_central_url(url)
    assert err.value.code == "central.url"


def test_parameters_that_harden_tls_keep_working(tmp_path) -> None:
    import psycopg.conninfo

    ca = tmp_path / "county-root.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    address, _ = parse_central_url(
        f"postgresql://w01@db.county.gov.cn:6432/central?sslmode=verify-full&sslrootcert={ca}"
        "&ssl_min_protocol_version=TLSv1.3&channel_binding=require"
    )
    info = psycopg.conninfo.conninfo_to_dict(address.url)
    assert info == {
        "user": "w01",
        "host": "db.county.gov.cn",
        "port": "6432",
        "dbname": "central",
        "sslmode": "verify-full",
        "sslrootcert": str(ca),
        "ssl_min_protocol_version": "TLSv1.3",
        "channel_binding": "require",
    }
    assert address.summary() == (
        "w01@db.county.gov.cn:6432/central，TLS 加密并验证证书（sslmode=verify-full）"
    )
    with pytest.raises(CounterError) as err:
        parse_central_url(
            f"postgresql://w01@db.county.gov.cn/central?sslrootcert={tmp_path / 'missing.crt'}"
        )
    assert err.value.code == "central.url" and "不存在" in err.value.message


def test_what_is_shown_is_what_libpq_connects_to() -> None:
    import psycopg.conninfo

    for url in (
        "postgresql://w%40x@%2Fvar%2Frun%2Fpostgresql/cen%20tral",
        "postgresql://w01@[::1]:7/central",
        "postgres://w01:pw@db.county.gov.cn/c",
    ):
        address, _ = parse_central_url(url)
        info = psycopg.conninfo.conninfo_to_dict(address.url)
        assert (info["user"], info["host"], info["dbname"]) == (
            address.user,
            address.host,
            address.dbname,
        )
        assert int(info.get("port", 5432)) == address.port
    socket, _ = parse_central_url("postgresql://w01@%2Fvar%2Frun%2Fpostgresql/central")
    assert socket.is_local and socket.host == "/var/run/postgresql" and socket.sslmode is None
