import httpx
import pytest

from leveler.adapters.catalogue_client import HttpCatalogue
from leveler.service_layer.errors import CatalogueUnavailable


class CatalogueServer:
    """An httpx transport playing the catalogue's GET /v1/snapshot with ETags."""

    def __init__(self, snapshot_json: bytes, etag: str) -> None:
        self.body, self.etag = snapshot_json, etag
        self.down = False
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.headers.get("if-none-match") == self.etag:
            return httpx.Response(304, headers={"ETag": self.etag})
        return httpx.Response(200, content=self.body, headers={"ETag": self.etag})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server(seed_snapshot):
    return CatalogueServer(seed_snapshot.model_dump_json().encode(), '"v1"')


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
async def source(server, clock):
    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as client:
        yield HttpCatalogue(
            client, base_url="http://catalogue.test", token="t" * 20, max_age_s=60, clock=clock
        )


async def test_the_snapshot_is_fetched_with_the_bearer_token_and_cached(
    source, server, seed_snapshot
):
    first = await source.current()
    second = await source.current()

    assert first is second
    assert first.version == seed_snapshot.catalogue_version
    [request] = server.requests
    assert request.url == "http://catalogue.test/v1/snapshot"
    assert request.headers["authorization"] == "Bearer " + "t" * 20


async def test_refresh_revalidates_with_the_etag_and_keeps_the_built_index_on_304(source, server):
    first = await source.current()

    again = await source.refresh()

    assert again is first
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


async def test_an_old_snapshot_is_revalidated_after_its_max_age(source, server, clock):
    await source.current()
    clock.now += 61

    await source.current()

    assert len(server.requests) == 2


async def test_the_last_good_snapshot_keeps_serving_while_the_catalogue_is_down(
    source, server, clock
):
    first = await source.current()
    server.down = True
    clock.now += 61

    assert await source.current() is first
    with pytest.raises(CatalogueUnavailable):
        await source.refresh()


async def test_without_any_snapshot_an_unreachable_catalogue_is_unavailable(source, server):
    server.down = True

    with pytest.raises(CatalogueUnavailable):
        await source.current()


async def test_an_error_answer_or_an_invalid_snapshot_is_unavailable(server, clock):
    answers = iter([httpx.Response(503), httpx.Response(200, json={"profiles": "nope"})])
    transport = httpx.MockTransport(lambda request: next(answers))
    async with httpx.AsyncClient(transport=transport) as client:
        source = HttpCatalogue(client, base_url="http://c.test/", token="x" * 20, clock=clock)
        with pytest.raises(CatalogueUnavailable, match="503"):
            await source.current()
        with pytest.raises(CatalogueUnavailable, match="invalid snapshot"):
            await source.current()
